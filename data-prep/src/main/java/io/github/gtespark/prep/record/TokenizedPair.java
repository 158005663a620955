package io.github.gtespark.prep.record;

import java.io.Serializable;

/**
 * A kept pair as token ids (with [CLS]/[SEP], truncated, unpadded) and 64-bit hashes of its normalized texts, with
 * its gold score ({@link PairRecord#NO_SCORE} when its source has none).
 */
public record TokenizedPair(
        long id,
        int sourceIndex,
        String source,
        int[] queryIds,
        int[] docIds,
        int[][] negIds,
        long queryHash,
        long docHash,
        long[] negHashes,
        double score)
        implements Serializable {}
