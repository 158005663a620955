package io.github.gtespark.train;

import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A training step that computes nothing (no forward or backward pass, no update) and leaves the graph as the
 * broadcast made it, so that an averaging round run with it costs only its synchronisation: the broadcast of
 * parameters + optimizer state, the workers' graphs, their results and their sum and average
 * ({@link AveragingSyncBench}). Reports a zero loss and gradient norm (finite, so the round is not stopped).
 */
final class SyncOnlyStep implements TrainingStep {

    private static final long serialVersionUID = 1L;

    @Override
    public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
        return new StepResult(0.0, 0.0, 0.0, (int) batch.getFeatures(0).size(0));
    }
}
