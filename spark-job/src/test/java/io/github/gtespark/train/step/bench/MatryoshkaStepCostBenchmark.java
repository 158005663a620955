package io.github.gtespark.train.step.bench;

import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.loss.MatryoshkaLoss;
import io.github.gtespark.train.step.ContrastiveBatch;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The cost per step of {@code train.matryoshka-dims = [384, 256, 128, 64]}: the gradient-cached step of the
 * all-MiniLM-L6-v2 shape (float, dropout 0.1, AdamW) with the improved contrastive loss alone and inside
 * {@link MatryoshkaLoss}, alternated in one JVM so that both see the same machine load:
 * {@code java ... MatryoshkaStepCostBenchmark L batch rounds stepsPerRound [chunk]}. After one warm-up step of each,
 * every round runs {@code stepsPerRound} steps of one then of the other (the order alternates between rounds), each
 * step on a fresh random batch of the same shape, and prints one {@code ROUND} line per round; the {@code RESULT} line
 * gives the median over rounds of wall and process CPU seconds per step of both and the ratios (Matryoshka / plain).
 * Script: {@code scripts/bench/matryoshka_step_cost.sh}.
 */
public final class MatryoshkaStepCostBenchmark {
    private MatryoshkaStepCostBenchmark() {}

    public static void main(String[] args) {
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        int seqLen = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int stepsPerRound = Integer.parseInt(args[3]);
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        ComputationGraph graph = TrainingStepThroughputBenchmark.miniLmGraph(seqLen);
        ContrastiveLoss improved = new ImprovedContrastiveLoss();
        ContrastiveLoss matryoshka = new MatryoshkaLoss(improved, new int[] {384, 256, 128, 64}, null);
        GradientCachedTrainingStep[] steps = {
            new GradientCachedTrainingStep(improved, chunk, 7, 1.0),
            new GradientCachedTrainingStep(matryoshka, chunk, 7, 1.0)
        };
        String[] names = {"plain", "matryoshka"};
        Random random = new Random(5);
        int step = 0;
        for (GradientCachedTrainingStep s : steps) { // warm-up
            s.apply(
                    graph,
                    GradientCacheMemoryBenchmark.batch(random, n, seqLen, 30522, seqLen)
                            .toMultiDataSet(),
                    step++);
        }
        List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            double[] w = new double[2];
            double[] c = new double[2];
            for (int k = 0; k < 2; k++) {
                int which = (r % 2 == 0) ? k : 1 - k;
                long t0 = System.nanoTime();
                long c0 = TrainingStepThroughputBenchmark.processCpuNanos();
                for (int i = 0; i < stepsPerRound; i++) {
                    ContrastiveBatch batch = GradientCacheMemoryBenchmark.batch(random, n, seqLen, 30522, seqLen);
                    steps[which].apply(graph, batch.toMultiDataSet(), step++);
                }
                w[which] = (System.nanoTime() - t0) / 1e9 / stepsPerRound;
                c[which] = (TrainingStepThroughputBenchmark.processCpuNanos() - c0) / 1e9 / stepsPerRound;
                wall.get(which).add(w[which]);
                cpu.get(which).add(c[which]);
            }
            System.out.printf(
                    "ROUND %d plainSecondsPerStep=%.3f matryoshkaSecondsPerStep=%.3f ratio=%.3f "
                            + "plainCpuPerStep=%.3f matryoshkaCpuPerStep=%.3f cpuRatio=%.3f%n",
                    r, w[0], w[1], w[1] / w[0], c[0], c[1], c[1] / c[0]);
        }
        double w0 = median(wall.get(0));
        double w1 = median(wall.get(1));
        double c0 = median(cpu.get(0));
        double c1 = median(cpu.get(1));
        System.out.printf(
                "RESULT L=%d batch=%d chunk=%d rounds=%d stepsPerRound=%d %sSecondsPerStep=%.3f %sSecondsPerStep=%.3f "
                        + "wallRatio=%.3f %sCpuPerStep=%.3f %sCpuPerStep=%.3f cpuRatio=%.3f%n",
                seqLen,
                n,
                chunk,
                rounds,
                stepsPerRound,
                names[0],
                w0,
                names[1],
                w1,
                w1 / w0,
                names[0],
                c0,
                names[1],
                c1,
                c1 / c0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
