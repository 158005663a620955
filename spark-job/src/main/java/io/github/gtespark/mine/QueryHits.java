package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * One query's best pool documents, best first (cosine descending, then smaller id); for each of its positives its
 * cosine and the number of other pool documents ranked above it so far ({@code pool rank - 1} once every document
 * block is merged).
 */
public record QueryHits(long[] ids, float[] scores, float[] positiveScores, long[] aboveCounts)
        implements Serializable {}
