package io.github.gtespark.eval;

/** One graded sentence pair of an STS data set, with the line it was read from. */
public record ScoredPair(String sentence1, String sentence2, double score, long lineNumber) {}
