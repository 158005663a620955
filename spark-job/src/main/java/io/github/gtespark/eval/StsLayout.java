package io.github.gtespark.eval;

/** The column layouts of STS files that {@link StsDatasetReader} understands (TAB separated, no header, no quoting). */
public enum StsLayout {

    /**
     * STS Benchmark: {@code genre TAB file TAB year TAB id TAB score TAB sentence1 TAB sentence2}, fields 5, 6
     * and 7 used; further trailing fields (present on some rows of the distributed files) are ignored.
     */
    STS_BENCHMARK,

    /**
     * SemEval-2016 STS layout: {@code score TAB sentence1 TAB sentence2}; an empty score marks an unscored
     * pair, which is skipped and counted.
     */
    SCORE_FIRST;

    /** Parses a command-line name: {@code stsb} or {@code score-first}. */
    public static StsLayout fromName(String name) {
        return switch (name) {
            case "stsb" -> STS_BENCHMARK;
            case "score-first" -> SCORE_FIRST;
            default ->
                throw new IllegalArgumentException(
                        "unknown STS layout '" + name + "' (expected auto, stsb or score-first)");
        };
    }
}
