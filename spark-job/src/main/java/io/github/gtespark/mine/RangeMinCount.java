package io.github.gtespark.mine;

import io.github.gtespark.config.ConfigEnum;

/**
 * Which candidates {@code range-min} skips. The candidates that fail a margin or the max score are always a prefix of
 * the ranking (the thresholds are upper bounds on the cosine); with k of them, the window of a query starts after
 * {@code max(range-min, k)} candidates under {@link #CANDIDATES} and after {@code range-min + k} under
 * {@link #ELIGIBLE}. {@code range-max} counts every candidate under both.
 */
public enum RangeMinCount {
    /** range-min skips the first candidates whatever their cosine (ranks 1 .. range-min); the margins then apply. */
    CANDIDATES,
    /**
     * range-min skips the first eligible candidates (those that pass the margins and the max score), as
     * sentence-transformers' {@code mine_hard_negatives} does: it drops the ineligible candidates before it counts
     * {@code range_min}.
     */
    ELIGIBLE;

    public static RangeMinCount parse(String key, String text) {
        return ConfigEnum.parse(RangeMinCount.class, key, text);
    }

    public String configName() {
        return ConfigEnum.configName(this);
    }
}
