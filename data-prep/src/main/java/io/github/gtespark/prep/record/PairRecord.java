package io.github.gtespark.prep.record;

import java.io.Serializable;

/**
 * A text pair on its way through the job: query, positive document, hard negatives (maybe none) and, for a source
 * with a score column ({@code score = COLUMN}), the pair's gold score.
 *
 * @param id          deterministic 64-bit id: source (7 bits), file (16 bits), line (32 bits), pair within line (8 bits),
 *                    see {@link RecordId}; the smaller id wins whenever duplicates are resolved
 * @param sourceIndex index of the source in the configuration
 * @param score       the gold score of the pair (finite, in the source's range), or {@link #NO_SCORE} (NaN)
 */
public record PairRecord(long id, int sourceIndex, String source, String query, String doc, String[] negs, double score)
        implements Serializable {

    public static final String[] NO_NEGATIVES = new String[0];
    public static final double NO_SCORE = Double.NaN;

    /** A pair without a score. */
    public PairRecord(long id, int sourceIndex, String source, String query, String doc, String[] negs) {
        this(id, sourceIndex, source, query, doc, negs, NO_SCORE);
    }

    public boolean hasScore() {
        return !Double.isNaN(score);
    }

    /** The same pair (id, source, score) with other texts. */
    public PairRecord withTexts(String newQuery, String newDoc, String[] newNegs) {
        return new PairRecord(id, sourceIndex, source, newQuery, newDoc, newNegs, score);
    }
}
