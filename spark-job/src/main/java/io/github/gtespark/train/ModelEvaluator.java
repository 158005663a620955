package io.github.gtespark.train;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Scores an encoder on the stage's evaluation sets: metric name to value (set-name/metric, e.g. stsb-dev/spearman, se-beer/ndcg@10). */
@FunctionalInterface
public interface ModelEvaluator {
    Map<String, Double> evaluate(ComputationGraph graph);

    /**
     * What the figures depend on besides the parameters (evaluation sets, caps, encoding settings), or "" when
     * unknown. Equal parameters evaluated with equal non-empty settings give equal figures: a stage that starts from
     * a checkpoint takes the previous stage's evaluation of that checkpoint as its baseline instead of repeating it.
     */
    default String settings() {
        return "";
    }
}
