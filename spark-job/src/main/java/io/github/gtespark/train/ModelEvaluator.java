package io.github.gtespark.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Map;

/** Scores an encoder on the stage's evaluation sets: metric name to value (e.g. sts_dev_spearman, ndcg@10). */
@FunctionalInterface
public interface ModelEvaluator {
    Map<String, Double> evaluate(ComputationGraph graph);
}
