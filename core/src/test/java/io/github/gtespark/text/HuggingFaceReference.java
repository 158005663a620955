package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The reference implementation: Hugging Face {@code tokenizers} (Rust) through DJL's JNI binding, loaded from a
 * tokenizer.json. DJL carries the linux-x86_64 native library inside its jar and extracts it to a cache
 * directory; the tests point that cache at {@code target/} and forbid downloads ({@code ai.djl.offline}).
 */
final class HuggingFaceReference implements AutoCloseable {

    static {
        Path cache = Paths.get("target", "djl-cache").toAbsolutePath();
        System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        System.setProperty("DJL_CACHE_DIR", cache.toString());
        System.setProperty("ai.djl.offline", "true");
    }

    private static final int BATCH = 2000;

    private final HuggingFaceTokenizer tokenizer;

    private HuggingFaceReference(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * The reference tokenizer of {@code tokenizerJson}, adding [CLS]/[SEP], not padding, truncating to
     * {@code maxLength} ids when {@code maxLength > 0}.
     */
    static HuggingFaceReference load(byte[] tokenizerJson, int maxLength) {
        try {
            Path file = Files.createTempFile("tokenizer", ".json");
            try {
                Files.write(file, tokenizerJson);
                Map<String, String> options = maxLength > 0
                        ? Map.of(
                                "addSpecialTokens",
                                "true",
                                "padding",
                                "false",
                                "truncation",
                                "true",
                                "maxLength",
                                Integer.toString(maxLength))
                        : Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "false");
                return new HuggingFaceReference(HuggingFaceTokenizer.newInstance(file, options));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a class-path resource (e.g. a tokenizer.json inside a langchain4j model jar). */
    static byte[] resource(String name) {
        try (InputStream in = HuggingFaceReference.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reference ids of each text. */
    List<int[]> encode(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            for (Encoding e : tokenizer.batchEncode(batch)) {
                out.add(Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray());
            }
        }
        return out;
    }

    /** Reference word pieces (tokens, with [CLS]/[SEP]) of one text, for failure messages. */
    List<String> tokens(String text) {
        return Arrays.asList(tokenizer.encode(text).getTokens());
    }

    /** Like {@link #assertSameIds(String, List, List, BertTokenizer, int)}, encoding with this reference first. */
    int assertSameIds(String what, List<String> texts, BertTokenizer mine, int maxLength) {
        return assertSameIds(what, texts, encode(texts), mine, maxLength);
    }

    /**
     * Fails on the first text whose ids from {@code mine} at {@code maxLength} (0: no truncation) differ from
     * {@code expected} (this reference's ids), printing the text and both token sequences. Returns the number of
     * texts compared.
     */
    int assertSameIds(String what, List<String> texts, List<int[]> expected, BertTokenizer mine, int maxLength) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int[] actual = mine.encode(text, maxLength > 0 ? maxLength : Integer.MAX_VALUE);
            if (!Arrays.equals(expected.get(i), actual)) {
                fail(what + ": text #" + i + " tokenizes differently (maxLength " + maxLength + ")\n"
                        + "text:      " + escape(text) + "\n"
                        + "reference: " + Arrays.toString(expected.get(i)) + " " + tokens(text) + "\n"
                        + "ours:      " + Arrays.toString(actual) + " [CLS] " + mine.tokenize(text) + " [SEP]");
            }
        }
        return texts.size();
    }

    /** The text with non-printable-ASCII characters shown as \\uXXXX. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder();
        String shown = text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
