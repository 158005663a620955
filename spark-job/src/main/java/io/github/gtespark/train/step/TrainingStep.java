package io.github.gtespark.train.step;

/**
 * One optimizer update of an encoder graph from one effective batch (batch layout: {@code docs/dev/contracts.md}).
 * Implementations must derive all randomness from their run seed and {@code globalStep}, so that resuming from a
 * checkpoint repeats the same updates.
 */
public interface TrainingStep extends java.io.Serializable {
    /** One optimizer update of {@code graph} from one effective batch; {@code globalStep} drives the LR schedule, Adam bias correction and dropout seeds. */
    StepResult apply(
            org.deeplearning4j.nn.graph.ComputationGraph graph,
            org.nd4j.linalg.dataset.api.MultiDataSet batch,
            long globalStep);
}
