package io.github.gtespark.mine;

import io.github.gtespark.config.ConfigEnum;

/**
 * What a set of mined negatives belongs to, and so which positive the margins and the max score are measured against.
 * The two differ only for a query with several positives (a question with its body and its answers); for a query with
 * one positive they select the same negatives.
 */
public enum NegativesPer {
    /**
     * One set of negatives per query, every one below every kept positive by the margins (m = the smallest cosine of a
     * kept positive); one output row per query with all its kept positives. sentence-transformers'
     * {@code mine_hard_negatives} measures the same way (the minimum of the query's positive scores). The most
     * cautious choice: one weakly matching positive (a short answer) lowers the threshold for the whole query, and a
     * query whose candidates all score above it gets no negative.
     */
    QUERY,
    /**
     * Negatives per (query, positive) pair, measured against that positive's cosine; one output row per pair. A strong
     * positive gets harder negatives than its query's weakest positive allows, and a weak positive without an
     * eligible candidate is excluded alone. Candidates still exclude every positive of the query.
     */
    POSITIVE;

    public static NegativesPer parse(String key, String text) {
        return ConfigEnum.parse(NegativesPer.class, key, text);
    }

    public String configName() {
        return ConfigEnum.configName(this);
    }
}
