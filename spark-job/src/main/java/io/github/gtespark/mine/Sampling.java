package io.github.gtespark.mine;

import io.github.gtespark.config.ConfigEnum;

/** How negatives are chosen among the eligible candidates. */
public enum Sampling {
    /** The first {@code num-negatives} eligible candidates by rank. */
    TOP,
    /** {@code num-negatives} eligible candidates drawn uniformly without replacement ({@link SeededSampler}). */
    RANDOM;

    public static Sampling parse(String key, String text) {
        return ConfigEnum.parse(Sampling.class, key, text);
    }

    public String configName() {
        return ConfigEnum.configName(this);
    }
}
