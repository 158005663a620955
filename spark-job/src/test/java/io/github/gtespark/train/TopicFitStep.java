package io.github.gtespark.train;

import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real, simple {@link TrainingStep} for the distributed-machinery tests: {@code graph.fit} of the
 * {@link TinyEncoder} on (query ids -> topic of the positive document), with Adam's iteration counter set to the
 * global step (bias correction follows the step, as in the production step) and ND4J's RNG seeded from
 * (seed, step).
 */
final class TopicFitStep implements TrainingStep {

    private static final long serialVersionUID = 1L;

    private final long seed;

    TopicFitStep(long seed) {
        this.seed = seed;
    }

    @Override
    public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
        Nd4j.getRandom().setSeed(seed * 1_000_003L + globalStep);
        INDArray queries = batch.getFeatures(0);
        INDArray docs = batch.getFeatures(1);
        int n = (int) queries.size(0);
        INDArray labels = Nd4j.zeros(graph.params().dataType(), n, TinyShards.TOPICS);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, TinyShards.topicOfToken(docs.getInt(i, 1)), 1.0);
        }
        org.nd4j.linalg.dataset.MultiDataSet fit = new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {queries},
                new INDArray[] {labels},
                new INDArray[] {batch.getFeaturesMaskArray(0)},
                null);
        graph.getConfiguration().setIterationCount((int) globalStep);
        graph.fit(fit);
        double loss = graph.score();
        double updateNorm = graph.getFlattenedGradients().norm2Number().doubleValue();
        BaseLayer layer = (BaseLayer) graph.getLayer("embedding").conf().getLayer();
        double lr = layer.getIUpdater().getLearningRate((int) globalStep, 0);
        return new StepResult(loss, updateNorm, lr, n);
    }
}
