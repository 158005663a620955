package io.github.gtespark.eval;

/** The outcome of an STS evaluation: Spearman correlation of cosine vs gold over {@code pairs} scored pairs. */
public record StsResult(double spearman, int pairs, int skippedUnscored) {}
