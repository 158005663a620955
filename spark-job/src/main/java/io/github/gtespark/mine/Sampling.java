package io.github.gtespark.mine;

import io.github.gtespark.config.ConfigurationException;
import java.util.Locale;

/** How negatives are chosen among the eligible candidates. */
public enum Sampling {
    /** The first {@code num-negatives} eligible candidates by rank. */
    TOP,
    /** {@code num-negatives} eligible candidates drawn uniformly without replacement ({@link SeededSampler}). */
    RANDOM;

    public static Sampling parse(String key, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + " must be top or random, got '" + text + "'");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
