package io.github.gtespark.prep.record;

import java.io.Serializable;

/**
 * A text pair on its way through the job: query, positive document, hard negatives (maybe none).
 *
 * @param id          deterministic 64-bit id: source (7 bits), file (16 bits), line (32 bits), pair within line (8 bits),
 *                    see {@link RecordId}; the smaller id wins whenever duplicates are resolved
 * @param sourceIndex index of the source in the configuration
 */
public record PairRecord(long id, int sourceIndex, String source, String query, String doc, String[] negs)
        implements Serializable {

    public static final String[] NO_NEGATIVES = new String[0];

    public PairRecord withTexts(String newQuery, String newDoc, String[] newNegs) {
        return new PairRecord(id, sourceIndex, source, newQuery, newDoc, newNegs);
    }
}
