package io.github.gtespark.prep.tokenize;

import io.github.gtespark.prep.dedup.TextHash;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.prep.step.StepContext;
import io.github.gtespark.text.BertTokenizer;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Turns kept pairs into token ids with the broadcast {@link BertTokenizer} ([CLS] ... [SEP], truncated to the
 * stage's max length, not padded) and attaches the normalized-text hashes the loss uses as duplicate masks. The
 * last step of the pair list: it changes the record type, so it is not a {@code CorpusStep}; the ledger runs it
 * after the list and takes the kept counts from its output.
 */
public final class TokenizeStep implements Serializable {

    private final int maxLength;

    public TokenizeStep(int maxLength) {
        this.maxLength = maxLength;
    }

    public String name() {
        return "tokenize";
    }

    /** The kept pairs as token ids, with the context's broadcast tokenizer. */
    public JavaRDD<TokenizedPair> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
        Broadcast<BertTokenizer> tokenizer = ctx.tokenizer();
        int maxLength = this.maxLength;
        return pairs.map(p -> tokenize(p, tokenizer.value(), maxLength));
    }

    public static TokenizedPair tokenize(PairRecord p, BertTokenizer tokenizer, int maxLength) {
        int[][] negIds = new int[p.negs().length][];
        long[] negHashes = new long[p.negs().length];
        for (int i = 0; i < negIds.length; i++) {
            negIds[i] = encode(tokenizer, p.negs()[i], maxLength);
            negHashes[i] = TextHash.ofNormalized(p.negs()[i]);
        }
        return new TokenizedPair(
                p.id(),
                p.sourceIndex(),
                p.source(),
                encode(tokenizer, p.query(), maxLength),
                encode(tokenizer, p.doc(), maxLength),
                negIds,
                TextHash.ofNormalized(p.query()),
                TextHash.ofNormalized(p.doc()),
                negHashes,
                p.score());
    }

    /**
     * {@code tokenizer.encode(text, maxLength)}, computed from a prefix of the text when that gives the same ids.
     * BERT pre-tokenization never merges across white space, so the word pieces of the first K space-separated words
     * are a prefix of the text's word pieces; when the prefix alone already fills {@code maxLength}, its ids equal
     * those of the whole text. Otherwise (short text, or words that yield no pieces) the whole text is encoded.
     */
    public static int[] encode(BertTokenizer tokenizer, String text, int maxLength) {
        int cut = prefixEnd(text, maxLength);
        if (cut < 0) {
            return tokenizer.encode(text, maxLength);
        }
        int[] ids = tokenizer.encode(text.substring(0, cut), maxLength);
        return ids.length == maxLength ? ids : tokenizer.encode(text, maxLength);
    }

    /** End of the first {@code words} space-separated words, or -1 when the text has no more words than that. */
    static int prefixEnd(String text, int words) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            boolean space = text.charAt(i) == ' ';
            if (space && inWord && ++count == words) {
                return i;
            }
            inWord = !space;
        }
        return -1;
    }
}
