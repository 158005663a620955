package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * Queries to search, as a block: their unit vectors (ids = row ids), how many best pool documents each needs
 * ({@code depth}), and each query's positives as pool ids with their cosines (empty arrays when positive ranks are
 * not wanted). The positives' cosines are dot products of the unit vectors, accumulated in double.
 */
public record QueryBlock(VectorBlock queries, int[] depth, long[][] positiveIds, float[][] positiveScores)
        implements Serializable {}
