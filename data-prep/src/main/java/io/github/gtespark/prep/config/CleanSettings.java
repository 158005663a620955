package io.github.gtespark.prep.config;

import java.io.Serializable;

/** Thresholds of the cleaning filters; a threshold of 0 switches its filter off. */
public record CleanSettings(
        int minChars,
        int maxChars,
        int minTokens,
        int maxTokens,
        double minAlphaRatio,
        boolean dropQueryEqualsDoc,
        boolean languageCheck,
        double minLatinRatio,
        int languageMinWords,
        double minFunctionWordRatio)
        implements Serializable {

    public boolean needsTokenCounts() {
        return minTokens > 0 || maxTokens > 0;
    }
}
