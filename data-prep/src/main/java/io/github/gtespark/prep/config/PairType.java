package io.github.gtespark.prep.config;

import io.github.gtespark.config.ConfigurationException;
import java.util.Locale;

/**
 * Whether the two sides of a source's pairs play the same role (symmetric: paraphrases, duplicate questions)
 * or different roles (asymmetric: query and document). A symmetric pair (a, b) is an exact duplicate of (b, a).
 */
public enum PairType {
    ASYMMETRIC,
    SYMMETRIC;

    public static PairType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("unknown pair-type '" + text + "' (asymmetric, symmetric)");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
