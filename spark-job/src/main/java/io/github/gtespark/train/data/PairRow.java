package io.github.gtespark.train.data;

import java.io.Serializable;

/**
 * One row of a training shard (one query/document pair with its hard negatives), as read from Parquet.
 *
 * @param batchId     the batch the pair belongs to
 * @param position    position inside the batch, 0..batch_size-1
 * @param queryIds    query token ids with [CLS]/[SEP], unpadded
 * @param docIds      positive document token ids, unpadded
 * @param negIds      hard-negative token ids (length 0 when the source has none)
 * @param queryHash   64-bit hash of the normalised query text
 * @param docHash     the same for the document
 * @param negHashes   the same for each hard negative
 * @param score       the pair's gold score, or NaN (shards without a {@code score} column, or an unscored source)
 */
public record PairRow(
        long batchId,
        int position,
        int[] queryIds,
        int[] docIds,
        int[][] negIds,
        long queryHash,
        long docHash,
        long[] negHashes,
        double score)
        implements Serializable {

    /** A pair without a score. */
    public PairRow(
            long batchId,
            int position,
            int[] queryIds,
            int[] docIds,
            int[][] negIds,
            long queryHash,
            long docHash,
            long[] negHashes) {
        this(batchId, position, queryIds, docIds, negIds, queryHash, docHash, negHashes, Double.NaN);
    }

    public boolean hasScore() {
        return !Double.isNaN(score);
    }
}
