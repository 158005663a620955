package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * A positive document of a query: its text, its cosine with the query, and its 1-based rank among all pool
 * documents for that query ({@code 1 + } the number of other pool documents with a higher cosine, or an equal
 * cosine and a smaller text); {@code poolRank} is 0 when it was not computed (no consistency filter).
 */
public record ScoredPositive(String text, float score, long poolRank) implements Serializable {}
