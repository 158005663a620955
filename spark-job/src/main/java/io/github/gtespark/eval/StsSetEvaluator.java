package io.github.gtespark.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link Evaluator} of an STS set: {@code spearman} of cosine similarity vs gold scores ({@link StsEvaluator}). */
public final class StsSetEvaluator implements Evaluator {

    private final String name;
    private final StsDataset data;
    private final String description;

    public StsSetEvaluator(String name, StsDataset data, String description) {
        this.name = name;
        this.data = data;
        this.description = description;
    }

    /** Reads the set (layout detected), keeping the first {@code maxPairs} pairs (0: all). */
    public static StsSetEvaluator read(EvaluationSet set, int maxPairs) throws IOException {
        StsDataset all;
        try (BufferedReader r = DataLocations.openReader(set.location())) {
            all = StsDatasetReader.readAutoDetected(r, set.location());
        }
        StsDataset data = maxPairs > 0 && all.pairs().size() > maxPairs
                ? new StsDataset(all.source(), all.layout(), all.pairs().subList(0, maxPairs), all.skippedUnscored())
                : all;
        return new StsSetEvaluator(set.name(), data, set + " max-pairs=" + maxPairs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String primaryMetric() {
        return "spearman";
    }

    @Override
    public Map<String, Double> evaluate(BatchingEncoder encoder) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("spearman", new StsEvaluator(encoder).evaluate(data).spearman());
        return out;
    }

    @Override
    public String description() {
        return description;
    }
}
