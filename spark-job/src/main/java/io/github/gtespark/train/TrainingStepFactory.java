package io.github.gtespark.train;

import io.github.gtespark.train.step.TrainingStep;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Builds the {@link TrainingStep} a stage's workers apply (loss, gradient caching, optimizer, schedule). */
public interface TrainingStepFactory {

    /**
     * Sets the stage's optimizer (and its schedule) on the graph a stage starts from, before its first update. Not
     * called when resuming: a checkpoint carries the optimizer configuration and state. Default: keep the graph's.
     */
    default void configureOptimizer(ComputationGraph graph, StageSettings settings, long totalSteps) {}

    TrainingStep create(StageSettings settings, long totalSteps);
}
