package io.github.gtespark.prep.config;

import java.io.Serializable;

/**
 * Banded MinHash LSH over word shingles: {@code bands * rowsPerBand} hash functions; two texts become candidates when
 * one band agrees, and are near-duplicates when the estimated Jaccard similarity reaches {@code threshold}.
 */
public record MinHashSettings(double threshold, int shingleSize, int bands, int rowsPerBand, int maxComparisons)
        implements Serializable {

    public int hashCount() {
        return bands * rowsPerBand;
    }
}
