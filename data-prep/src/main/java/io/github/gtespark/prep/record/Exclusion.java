package io.github.gtespark.prep.record;

import java.io.Serializable;

/**
 * A record that did not make it into the corpus, with the reason. {@code unit} is {@link #PAIR} for a pair (or a
 * malformed input line, which counts as one pair read) and {@link #NEGATIVE} for a hard negative removed from a
 * pair that itself survived. Which of {@code line}, {@code query}, {@code doc} is set depends on where the record
 * was dropped: the raw line for parse failures, the original texts for filtered pairs.
 */
public record Exclusion(
        int sourceIndex,
        String source,
        String reason,
        long id,
        String unit,
        String line,
        String query,
        String doc,
        String detail)
        implements Serializable {

    public static final String PAIR = "pair";
    public static final String NEGATIVE = "negative";

    public static Exclusion ofLine(int sourceIndex, String source, String reason, long id, String line, String detail) {
        return new Exclusion(sourceIndex, source, reason, id, PAIR, line, null, null, detail);
    }

    public static Exclusion ofPair(PairRecord original, String reason, String detail) {
        return new Exclusion(
                original.sourceIndex(),
                original.source(),
                reason,
                original.id(),
                PAIR,
                null,
                original.query(),
                original.doc(),
                detail);
    }

    public static Exclusion ofNegative(PairRecord pair, String negative, String reason) {
        return new Exclusion(
                pair.sourceIndex(), pair.source(), reason, pair.id(), NEGATIVE, null, pair.query(), negative, null);
    }

    public boolean isPair() {
        return PAIR.equals(unit);
    }
}
