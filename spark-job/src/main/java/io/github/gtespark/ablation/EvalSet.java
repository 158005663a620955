package io.github.gtespark.ablation;

/** A named evaluation set of the grid ({@code eval.sets} entry); {@code path} already absolute. */
public record EvalSet(String name, String type, String path) {

    /** The metric the table reports for this set: spearman (sts) or ndcg@10 (retrieval). */
    public String primaryMetric() {
        return type.equals("sts") ? "spearman" : "ndcg@10";
    }

    /** The key in metrics.jsonl, e.g. {@code stsb-dev/spearman}. */
    public String metricKey() {
        return name + "/" + primaryMetric();
    }
}
