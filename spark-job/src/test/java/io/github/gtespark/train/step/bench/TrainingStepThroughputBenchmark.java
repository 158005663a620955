package io.github.gtespark.train.step.bench;

import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.loss.LossAndGradients;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.ContrastiveBatch;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training-step throughput (pairs/s) of the all-MiniLM-L6-v2 shape (6 layers, hidden 384, 12 heads, intermediate
 * 1536, vocab 30522), float, dropout 0.1, improved contrastive loss, AdamW:
 * {@code java ... TrainingStepThroughputBenchmark L batch steps mode [chunk]} with mode {@code cached} (the
 * gradient-cached step, chunk c) or {@code plain} (one training forward over all 2n rows with activations kept,
 * the loss, one backward, the same update: what a step without caching costs). One warm-up step, then
 * {@code steps} timed steps. Prints {@code RESULT impl=dl4j mode=... L=... batch=... pairsPerSecond=...}.
 * Script: {@code scripts/bench/training_step_throughput.sh} (runs the PyTorch baseline in the same run).
 */
public final class TrainingStepThroughputBenchmark {
    private TrainingStepThroughputBenchmark() {}

    public static void main(String[] args) {
        // before ND4J loads: which native build this JVM runs (-Dgte.nd4j.variant, default auto), printed
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        int seqLen = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        String mode = args[3];
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        ComputationGraph graph = miniLmGraph(seqLen);
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        GradientCachedTrainingStep cached = new GradientCachedTrainingStep(loss, chunk, 7, 1.0);
        Random random = new Random(5);
        double lossValue = 0;
        long start = 0;
        long cpuStart = 0;
        for (int s = 0; s <= steps; s++) {
            if (s == 1) {
                start = System.nanoTime();
                cpuStart = processCpuNanos();
            }
            ContrastiveBatch batch = GradientCacheMemoryBenchmark.batch(random, n, seqLen, 30522, seqLen);
            lossValue = "plain".equals(mode)
                    ? plainStep(graph, batch, loss, s)
                    : cached.apply(graph, batch.toMultiDataSet(), s).loss();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(
                "RESULT impl=dl4j mode=%s L=%d batch=%d chunk=%d steps=%d secondsPerStep=%.3f pairsPerSecond=%.2f "
                        + "cpuSecondsPerStep=%.3f loss=%.4f%n",
                mode,
                seqLen,
                n,
                "plain".equals(mode) ? 0 : chunk,
                steps,
                seconds / steps,
                n * steps / seconds,
                cpuSeconds / steps,
                lossValue);
    }

    /** A fresh all-MiniLM-L6-v2-shaped encoder (random weights, float, dropout 0.1) for length L, with AdamW set. */
    static ComputationGraph miniLmGraph(int seqLen) {
        BertConfig config = BertConfig.of(6, 384, 12, 1536, 30522, 512);
        ComputationGraph graph = BertEncoderFactory.build(config, seqLen, DataType.FLOAT, 1);
        AdamW.withDefaults(new WarmupLinearDecaySchedule(2e-5, 10, 1000)).configure(graph);
        return graph;
    }

    /** CPU time of the whole process (all threads, including ND4J's native/OpenMP threads), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A step without caching: all rows in one training forward (activations kept), the loss, one backward, update. */
    static double plainStep(ComputationGraph graph, ContrastiveBatch batch, ContrastiveLoss loss, int step) {
        int n = batch.pairs();
        DataType type = graph.params().dataType();
        INDArray ids = Nd4j.vstack(batch.queryIds(), batch.docIds()).castTo(type);
        INDArray mask = Nd4j.vstack(batch.queryMask(), batch.docMask()).castTo(type);
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        INDArray out = graph.feedForward(new INDArray[] {ids}, true, false).get(BertEncoderFactory.OUTPUT);
        LossAndGradients lg = loss.compute(
                out.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup(),
                out.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).dup(),
                null,
                batch.duplicateMask());
        graph.backpropGradient(Nd4j.vstack(lg.dQueries(), lg.dDocs()));
        INDArray gradient = graph.getFlattenedGradients();
        double norm = gradient.norm2Number().doubleValue();
        if (norm > 1.0) {
            gradient.muli(1.0 / norm);
        }
        graph.getUpdater().update(graph.gradient(), step, 0, 1, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(gradient.reshape(graph.params().shape()));
        graph.clearLayerMaskArrays();
        graph.clear();
        return lg.loss();
    }
}
