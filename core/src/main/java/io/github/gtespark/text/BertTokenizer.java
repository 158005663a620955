package io.github.gtespark.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * BERT WordPiece tokenizer that produces the same ids as the Hugging Face {@code tokenizers} pipeline
 * {@code BertNormalizer -> BertPreTokenizer -> WordPiece -> [CLS] $A [SEP]} (bert-base-uncased and the
 * tokenizers of models built on its vocabulary, e.g. all-MiniLM-L6-v2, e5-small-v2, bge-small-en-v1.5).
 *
 * <ol>
 *   <li>Added tokens ({@code [CLS]}, {@code [MASK]}, ... with {@code normalized: false}) found verbatim in the raw
 *       text become single ids; the text between them goes through the steps below.</li>
 *   <li>Normalizer: clean_text (drop NUL, U+FFFD and control/format/unassigned/private-use characters, map
 *       whitespace to a space), handle_chinese_chars (spaces around CJK ideographs), strip_accents (NFD, then
 *       drop non-spacing marks; when not set it follows lowercase), lowercase.</li>
 *   <li>Pre-tokenizer: split on whitespace; every punctuation character is a word of its own.</li>
 *   <li>WordPiece: greedy longest-match-first pieces, later pieces carry the continuation prefix {@code ##};
 *       a word with an unmatched remainder, or longer than max_input_chars_per_word code points, is
 *       {@code [UNK]}.</li>
 *   <li>{@link #encode} wraps the pieces in {@code [CLS]} ... {@code [SEP]} and truncates the pieces so that the
 *       whole sequence fits the maximum length.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe, and serializable so that Spark can broadcast them (the lookup trie
 * is rebuilt after deserialization). The hot path uses no regular expressions and allocates only the result for
 * ASCII text and text without decomposable characters.
 */
public final class BertTokenizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Class-path location (relative to this class) of the bundled bert-base-uncased tokenizer.json. */
    static final String BUNDLED_TOKENIZER_JSON = "all-minilm-l6-v2-tokenizer.json";

    /** Characters normalized at a time (extended to the next ASCII whitespace). */
    private static final int CHUNK = 2048;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final String[] vocab;
    private final String continuationPrefix;
    private final int maxInputCharsPerWord;
    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;
    private final int padId;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final AddedTokenMatcher addedTokens;
    private final byte[] tokenizerJson;
    private transient VocabularyTrie trie;

    /**
     * @param vocab tokens by id, dense
     * @param stripAccents already resolved (the tokenizer.json {@code null} means "same as lowercase")
     * @param tokenizerJson the tokenizer.json this was read from, or null
     */
    BertTokenizer(
            String[] vocab,
            String continuationPrefix,
            int maxInputCharsPerWord,
            boolean cleanText,
            boolean handleChineseChars,
            boolean stripAccents,
            boolean lowercase,
            int padId,
            int unkId,
            int clsId,
            int sepId,
            List<AddedTokenMatcher.AddedToken> addedTokens,
            byte[] tokenizerJson) {
        this.vocab = vocab.clone();
        this.continuationPrefix = Objects.requireNonNull(continuationPrefix, "continuationPrefix");
        if (maxInputCharsPerWord < 1) {
            throw new IllegalArgumentException("max_input_chars_per_word must be positive: " + maxInputCharsPerWord);
        }
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
        this.padId = checkId(padId, "pad");
        this.unkId = checkId(unkId, "unk");
        this.clsId = checkId(clsId, "cls");
        this.sepId = checkId(sepId, "sep");
        for (AddedTokenMatcher.AddedToken t : addedTokens) {
            checkId(t.id(), "added token " + t.content());
        }
        this.addedTokens = new AddedTokenMatcher(addedTokens);
        this.tokenizerJson = tokenizerJson == null ? null : tokenizerJson.clone();
        this.trie = new VocabularyTrie(this.vocab, continuationPrefix);
    }

    private int checkId(int id, String what) {
        if (id < 0 || id >= vocab.length) {
            throw new IllegalArgumentException(
                    what + " id " + id + " outside the vocabulary (size " + vocab.length + ")");
        }
        return id;
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json} with a {@code BertNormalizer}, a {@code BertPreTokenizer}, a
     * {@code WordPiece} model and a {@code [CLS] $A [SEP]} post-processor ({@code TemplateProcessing} or
     * {@code BertProcessing}). Its {@code truncation} and {@code padding} sections are ignored: callers pass the
     * maximum length to {@link #encode}, and padding is the trainer's business. The stream is read fully, not
     * closed.
     *
     * @throws IllegalArgumentException if the file is not such a tokenizer
     */
    public static BertTokenizer fromTokenizerJson(InputStream in) throws IOException {
        return TokenizerJsonReader.read(in.readAllBytes());
    }

    /**
     * Reads a WordPiece {@code vocab.txt} (one token per line, the line number is the id), as exported beside
     * Hugging Face BERT models, with the settings of {@code BertTokenizerFast}: clean_text and
     * handle_chinese_chars on, strip_accents following {@code lowercase}, continuation prefix {@code ##},
     * 100 characters per word, {@code [PAD] [UNK] [CLS] [SEP] [MASK]} as special tokens. The stream is read fully,
     * not closed.
     *
     * @throws IllegalArgumentException if a required special token is missing
     */
    public static BertTokenizer fromVocabTxt(InputStream in, boolean lowercase) throws IOException {
        List<String> tokens = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            tokens.add(line.stripTrailing());
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        List<AddedTokenMatcher.AddedToken> specials = new ArrayList<>();
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            Integer id = ids.get(special);
            if (id == null) {
                if (!special.equals("[MASK]")) {
                    throw new IllegalArgumentException("vocab.txt has no " + special + " token");
                }
                continue;
            }
            specials.add(new AddedTokenMatcher.AddedToken(special, id));
        }
        return new BertTokenizer(
                tokens.toArray(String[]::new),
                "##",
                100,
                true,
                true,
                lowercase,
                lowercase,
                ids.get("[PAD]"),
                ids.get("[UNK]"),
                ids.get("[CLS]"),
                ids.get("[SEP]"),
                specials,
                null);
    }

    /**
     * The bert-base-uncased tokenizer (the tokenizer.json shipped with sentence-transformers/all-MiniLM-L6-v2),
     * bundled in this jar. Loaded once.
     */
    public static BertTokenizer bertBaseUncased() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final BertTokenizer INSTANCE = load();

        private static BertTokenizer load() {
            try (InputStream in = BertTokenizer.class.getResourceAsStream(BUNDLED_TOKENIZER_JSON)) {
                if (in == null) {
                    throw new IllegalStateException("bundled tokenizer missing from the class path: "
                            + BertTokenizer.class.getPackageName().replace('.', '/') + "/" + BUNDLED_TOKENIZER_JSON);
                }
                return fromTokenizerJson(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled tokenizer", e);
            }
        }
    }

    /**
     * Token ids of {@code text}: {@code [CLS]}, the word pieces, {@code [SEP]}, truncated to at most
     * {@code maxLength} ids (pieces are cut, {@code [CLS]} and {@code [SEP]} kept), not padded.
     *
     * @throws IllegalArgumentException if {@code maxLength < 2}
     */
    public int[] encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]: " + maxLength);
        }
        Scratch s = SCRATCH.get();
        int pieces = Math.min(pieces(text, maxLength - 2, s), maxLength - 2);
        int[] ids = new int[pieces + 2];
        ids[0] = clsId;
        System.arraycopy(s.ids, 0, ids, 1, pieces);
        ids[pieces + 1] = sepId;
        return ids;
    }

    /** The word pieces of {@code text} (added tokens found in the text included, no {@code [CLS]}/{@code [SEP]}). */
    public List<String> tokenize(String text) {
        Scratch s = SCRATCH.get();
        int n = pieces(text, Integer.MAX_VALUE, s);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(vocab[s.ids[i]]);
        }
        return out;
    }

    /** The number of word pieces of {@code text}, without {@code [CLS]}/{@code [SEP]} and without truncation. */
    public int tokenCount(String text) {
        return pieces(text, Integer.MAX_VALUE, SCRATCH.get());
    }

    public int padId() {
        return padId;
    }

    public int clsId() {
        return clsId;
    }

    public int sepId() {
        return sepId;
    }

    public int unkId() {
        return unkId;
    }

    public int vocabSize() {
        return vocab.length;
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= vocab.length) {
            throw new IllegalArgumentException(
                    "token id " + id + " outside the vocabulary (size " + vocab.length + ")");
        }
        return vocab[id];
    }

    /** Whether the normalizer lowercases (an uncased model). */
    public boolean lowercase() {
        return lowercase;
    }

    /** Whether the normalizer strips accents (resolved: follows {@link #lowercase()} unless set explicitly). */
    public boolean stripAccents() {
        return stripAccents;
    }

    /** Writes the vocabulary as {@code vocab.txt}: one token per line, in id order, UTF-8. Does not close. */
    public void writeVocabTxt(OutputStream out) throws IOException {
        Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (String token : vocab) {
            writer.write(token);
            writer.write('\n');
        }
        writer.flush();
    }

    /** The bytes of the tokenizer.json this tokenizer was read from; empty when read from a vocab.txt. */
    public Optional<byte[]> tokenizerJson() {
        return Optional.ofNullable(tokenizerJson).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "BertTokenizer[vocab=" + vocab.length + ", lowercase=" + lowercase + ", stripAccents=" + stripAccents
                + ", cleanText=" + cleanText + ", chineseChars=" + handleChineseChars + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // The pipeline. Pieces go to s.ids; processing stops after the word that reaches `limit` pieces.

    /** Per-thread work buffers (the tokenizer itself is shared). */
    private static final class Scratch {
        char[] norm = new char[1024];
        char[] spare = new char[1024];
        int[] ids = new int[256];
        int count;

        void add(int id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
            }
            ids[count++] = id;
        }
    }

    private int pieces(String text, int limit, Scratch s) {
        Objects.requireNonNull(text, "text");
        s.count = 0;
        int len = text.length();
        int pos = 0;
        if (!addedTokens.isEmpty()) {
            int at;
            while (pos < len && (at = addedTokens.nextMatch(text, pos, len)) >= 0) {
                int match = addedTokens.matchAt(text, at, len);
                if (!segment(text, pos, at, limit, s)) {
                    return s.count;
                }
                s.add(addedTokens.id(match));
                if (s.count >= limit) {
                    return s.count;
                }
                pos = at + addedTokens.length(match);
            }
        }
        segment(text, pos, len, limit, s);
        return s.count;
    }

    /**
     * Normalizes, pre-tokenizes and word-pieces {@code text[from, to)}; false once {@code limit} is reached.
     * Long text is processed in chunks that end before an ASCII whitespace character, so that a truncated
     * encoding of a long document normalizes little more than it keeps. Such a cut is exact: whitespace ends a
     * word, and NFD never reorders across it.
     */
    private boolean segment(String text, int from, int to, int limit, Scratch s) {
        int start = from;
        while (start < to) {
            int end = to;
            if (to - start > CHUNK) {
                end = start + CHUNK;
                while (end < to && !isAsciiWhitespace(text.charAt(end))) {
                    end++;
                }
            }
            int n = normalize(text, start, end, s);
            if (!preTokenizeAndWordPiece(s.norm, n, limit, s)) {
                return false;
            }
            start = end;
        }
        return s.count < limit;
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    /** BertNormalizer of {@code text[from, to)} into {@code s.norm}; returns the normalized length. */
    private int normalize(String text, int from, int to, Scratch s) {
        int need = 3 * (to - from) + 4;
        if (s.norm.length < need) {
            s.norm = new char[Math.max(need, s.norm.length * 2)];
        }
        char[] out = s.norm;
        int n = 0;
        boolean needsNfd = false;
        boolean pendingLowercase = false;
        for (int i = from; i < to; ) {
            char c = text.charAt(i);
            if (c < 0x80) {
                i++;
                if (c <= ' ' || c == 0x7F) {
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                        out[n++] = cleanText ? ' ' : c;
                    } else if (!cleanText) {
                        out[n++] = c;
                    }
                    // else: a control character, dropped by clean_text
                } else if (lowercase && c >= 'A' && c <= 'Z') {
                    out[n++] = (char) (c + 32);
                } else {
                    out[n++] = c;
                }
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp <= 0xFFFF && Character.isSurrogate(c)) {
                cp = 0xFFFD; // a lone surrogate reaches the reference (a Rust string) as U+FFFD, as in UTF-8 encoding
            }
            if (cleanText) {
                if (cp == 0xFFFD || BertCharacterClasses.isControl(cp)) {
                    continue;
                }
                if (BertCharacterClasses.isWhitespace(cp)) {
                    out[n++] = ' ';
                    continue;
                }
            }
            boolean chinese = handleChineseChars && BertCharacterClasses.isChineseChar(cp);
            if (chinese) {
                out[n++] = ' ';
            }
            if (stripAccents) {
                n += Character.toChars(cp, out, n);
                if (!BertCharacterClasses.isNfdInert(cp)) {
                    needsNfd = true;
                } else if (lowercase) {
                    pendingLowercase = true;
                }
            } else if (lowercase) {
                n = BertCharacterClasses.appendLowercase(cp, out, n);
            } else {
                n += Character.toChars(cp, out, n);
            }
            if (chinese) {
                out[n++] = ' ';
            }
        }
        if (needsNfd) {
            return stripAccentsAndLowercase(n, s);
        }
        if (pendingLowercase) {
            return lowercaseNonAscii(n, s);
        }
        return n;
    }

    /** NFD of the whole buffer, non-spacing marks dropped, then lowercase if set. */
    private int stripAccentsAndLowercase(int n, Scratch s) {
        String nfd = Normalizer.normalize(CharBuffer.wrap(s.norm, 0, n), Normalizer.Form.NFD);
        char[] out = spare(s, 2 * nfd.length() + 2);
        int m = 0;
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out[m++] = lowercase && cp >= 'A' && cp <= 'Z' ? (char) (cp + 32) : (char) cp; // e.g. from NFD(Å)
            } else if (BertCharacterClasses.isNonSpacingMark(cp)) {
                continue;
            } else if (lowercase) {
                m = BertCharacterClasses.appendLowercase(cp, out, m);
            } else {
                m += Character.toChars(cp, out, m);
            }
        }
        swap(s);
        return m;
    }

    private int lowercaseNonAscii(int n, Scratch s) {
        char[] in = s.norm;
        char[] out = spare(s, 2 * n + 2);
        int m = 0;
        for (int i = 0; i < n; ) {
            char c = in[i];
            if (c < 0x80) {
                out[m++] = c;
                i++;
                continue;
            }
            int cp = Character.codePointAt(in, i, n);
            i += Character.charCount(cp);
            m = BertCharacterClasses.appendLowercase(cp, out, m);
        }
        swap(s);
        return m;
    }

    private static char[] spare(Scratch s, int need) {
        if (s.spare.length < need) {
            s.spare = new char[Math.max(need, s.spare.length * 2)];
        }
        return s.spare;
    }

    private static void swap(Scratch s) {
        char[] t = s.norm;
        s.norm = s.spare;
        s.spare = t;
    }

    /** BertPreTokenizer + WordPiece over {@code norm[0, n)}; false once {@code limit} is reached. */
    private boolean preTokenizeAndWordPiece(char[] norm, int n, int limit, Scratch s) {
        int wordStart = -1;
        for (int p = 0; p < n; ) {
            char c = norm[p];
            if (c < 0x80) {
                if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
                    if (wordStart >= 0) {
                        wordPiece(norm, wordStart, p, s);
                        wordStart = -1;
                        if (s.count >= limit) {
                            return false;
                        }
                    }
                } else if (BertCharacterClasses.isAsciiPunctuation(c)) {
                    if (wordStart >= 0) {
                        wordPiece(norm, wordStart, p, s);
                        wordStart = -1;
                        if (s.count >= limit) {
                            return false;
                        }
                    }
                    wordPiece(norm, p, p + 1, s);
                    if (s.count >= limit) {
                        return false;
                    }
                } else if (wordStart < 0) {
                    wordStart = p;
                }
                p++;
                continue;
            }
            int cp = Character.codePointAt(norm, p, n);
            int width = Character.charCount(cp);
            boolean space = BertCharacterClasses.isWhitespace(cp);
            if (space || BertCharacterClasses.isPunctuation(cp)) {
                if (wordStart >= 0) {
                    wordPiece(norm, wordStart, p, s);
                    wordStart = -1;
                    if (s.count >= limit) {
                        return false;
                    }
                }
                if (!space) {
                    wordPiece(norm, p, p + width, s);
                    if (s.count >= limit) {
                        return false;
                    }
                }
            } else if (wordStart < 0) {
                wordStart = p;
            }
            p += width;
        }
        if (wordStart >= 0) {
            wordPiece(norm, wordStart, n, s);
        }
        return s.count < limit;
    }

    /** Greedy longest-match-first WordPiece of the word {@code w[from, to)}. */
    private void wordPiece(char[] w, int from, int to, Scratch s) {
        if (to - from > maxInputCharsPerWord && Character.codePointCount(w, from, to - from) > maxInputCharsPerWord) {
            s.add(unkId);
            return;
        }
        VocabularyTrie t = trie;
        int mark = s.count;
        int start = from;
        while (start < to) {
            int node = start == from ? t.root() : t.continuationRoot();
            int bestId = VocabularyTrie.NONE;
            int bestEnd = start;
            for (int p = start; p < to && node != VocabularyTrie.NONE; p++) {
                node = t.child(node, w[p]);
                if (node != VocabularyTrie.NONE) {
                    int id = t.tokenId(node);
                    if (id != VocabularyTrie.NONE) {
                        bestId = id;
                        bestEnd = p + 1;
                    }
                }
            }
            if (bestId == VocabularyTrie.NONE) {
                s.count = mark;
                s.add(unkId);
                return;
            }
            s.add(bestId);
            start = bestEnd;
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        trie = new VocabularyTrie(vocab, continuationPrefix);
    }
}
