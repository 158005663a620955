package io.github.gtespark.train.step;

import io.github.gtespark.loss.ContrastiveLoss;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A {@link TrainingStep} with gradient caching ({@link GradientCache}): the gradient of a {@link ContrastiveLoss}
 * over the whole effective batch with the activations of only {@code chunkSize} rows in memory, then clipping by the
 * global L2 norm over all parameters, then one update by the graph's own DL4J updater (configure it with
 * {@link AdamW}), whose state therefore lives in the graph (checkpoints, dl4j-spark parameter averaging).
 *
 * <p>{@code globalStep} is passed to the updater as its iteration: it selects the learning rate of the schedule and
 * Adam's bias correction; it also seeds the dropout masks. Afterwards the graph's configuration iteration count is
 * {@code globalStep + 1} (as after {@code fit}). If the gradient is not finite the update is skipped and the
 * result reports the non-finite norm (the caller decides whether to stop).
 *
 * <p>Not thread-safe per graph; run each step on one thread (dropout replay uses the thread's ND4J generator).
 */
public final class GradientCachedTrainingStep implements TrainingStep {
    private static final long serialVersionUID = 1L;

    private final GradientCache cache;
    private final double maxGradientNorm;

    /**
     * @param loss            the batch loss
     * @param chunkSize       rows per chunk (c); memory use grows with c, not with the batch size
     * @param runSeed         the run's seed (dropout masks depend on it and on the global step only)
     * @param maxGradientNorm clip the global gradient norm to this value; {@code <= 0} disables clipping
     */
    public GradientCachedTrainingStep(ContrastiveLoss loss, int chunkSize, long runSeed, double maxGradientNorm) {
        this.cache = new GradientCache(loss, chunkSize, runSeed);
        this.maxGradientNorm = maxGradientNorm;
    }

    public GradientCache gradientCache() {
        return cache;
    }

    @Override
    public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
        if (globalStep < 0 || globalStep >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "globalStep must be in [0, " + Integer.MAX_VALUE + "), got " + globalStep);
        }
        ContrastiveBatch contrastive = ContrastiveBatch.fromMultiDataSet(batch);
        GradientCache.Result result = cache.lossAndGradient(graph, contrastive, globalStep);
        int iteration = (int) globalStep;
        int epoch = graph.getConfiguration().getEpochCount();
        double lr = learningRate(graph, iteration, epoch);
        INDArray gradient = graph.getFlattenedGradients();
        gradient.assign(result.gradient());
        double norm = gradient.norm2Number().doubleValue();
        if (!Double.isFinite(norm)) {
            return new StepResult(result.loss(), norm, lr, result.pairs());
        }
        if (maxGradientNorm > 0 && norm > maxGradientNorm) {
            gradient.muli(maxGradientNorm / norm);
        }
        // batchSize 1: the loss is already a mean over the batch (DL4J would divide the gradient by it)
        graph.getUpdater().update(graph.gradient(), iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(gradient.reshape(graph.params().shape()));
        graph.getConfiguration().setIterationCount(iteration + 1);
        return new StepResult(result.loss(), norm, lr, result.pairs());
    }

    /** The learning rate the graph's updater uses at this iteration (first layer with parameters). */
    static double learningRate(ComputationGraph graph, int iteration, int epoch) {
        for (Layer layer : graph.getLayers()) {
            if (layer.numParams() > 0) {
                String param = layer.paramTable().keySet().iterator().next();
                IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                if (updater != null && updater.hasLearningRate()) {
                    return updater.getLearningRate(iteration, epoch);
                }
            }
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return "GradientCachedTrainingStep(" + cache.loss() + ", chunkSize=" + cache.chunkSize() + ", runSeed="
                + cache.runSeed() + ", maxGradientNorm=" + maxGradientNorm + ")";
    }
}
