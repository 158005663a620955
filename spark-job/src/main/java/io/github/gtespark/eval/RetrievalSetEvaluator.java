package io.github.gtespark.eval;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link Evaluator} of a BEIR retrieval set: {@code ndcg@10} (primary), {@code mrr@10} and {@code recall@100}
 * ({@link RetrievalEvaluator}, BEIR's conventions).
 */
public final class RetrievalSetEvaluator implements Evaluator {

    private final String name;
    private final BeirDataset data;
    private final String description;

    public RetrievalSetEvaluator(String name, BeirDataset data, String description) {
        this.name = name;
        this.data = data;
        this.description = description;
    }

    /**
     * Reads the set's {@code test} split, keeping the first {@code maxQueries} queries (0: all); the reader's
     * warnings go to {@code warnings}.
     */
    public static RetrievalSetEvaluator read(EvaluationSet set, int maxQueries, Consumer<String> warnings)
            throws IOException {
        BeirDataset full = BeirDatasetReader.read(set.location(), "test");
        full.warnings().forEach(w -> warnings.accept(set.location() + ": " + w));
        List<BeirQuery> queries = full.queries();
        if (maxQueries > 0 && queries.size() > maxQueries) {
            queries = queries.subList(0, maxQueries);
        }
        BeirDataset data = new BeirDataset(full.source(), full.corpus(), queries, full.qrels(), full.warnings());
        return new RetrievalSetEvaluator(set.name(), data, set + " max-queries=" + maxQueries);
    }

    public BeirDataset data() {
        return data;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String primaryMetric() {
        return "ndcg@10";
    }

    @Override
    public Map<String, Double> evaluate(BatchingEncoder encoder) {
        RetrievalResult r = new RetrievalEvaluator(encoder).evaluate(data);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("ndcg@10", r.ndcgAt10());
        out.put("mrr@10", r.mrrAt10());
        out.put("recall@100", r.recallAt100());
        return out;
    }

    @Override
    public String description() {
        return description;
    }
}
