package io.github.gtespark.train.step.bench;

import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.ContrastiveBatch;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Peak memory of one gradient-cached training step as a function of the effective batch size N at a fixed chunk
 * size c, on a small BERT encoder (float). Run one configuration per JVM (peaks are per process):
 * {@code java ... GradientCacheMemoryBenchmark N c [steps] [layers hidden heads intermediate seqLen]}; prints one
 * line {@code N c physicalPeak offHeapPeak heapPeak baselinePhysical baselineOffHeap seconds/step loss}.
 * Physical bytes = the process's resident memory as JavaCPP reads it ({@link Pointer#physicalBytes()});
 * off-heap = what ND4J's allocation tracker reports ({@code Nd4j.getMemoryManager().allocatedMemory(0)}; in practice
 * workspace memory only); heap = used and committed Java heap; physical minus committed heap = the native part
 * (ND4J buffers, JVM metaspace/code, thread stacks).
 * Sampled every 2 ms by a daemon thread. {@code -Dgte.bench.gcWindowMs=W} enables ND4J's occasional GC (at most
 * one {@code System.gc()} per W ms, triggered from the step's chunk loop). {@code -Dgte.bench.warmupSteps=W} runs W
 * steps of {@code -Dgte.bench.warmupPairs} pairs (default 256) before the measured ones, as a long-running job has
 * run many steps before any given one: the JVM's own memory (JIT-compiled code and the compilers' arenas, Java heap
 * pages touched once, ND4J's workspaces and shape caches) is then in place before the measured step, in every
 * configuration alike. The peaks cover the whole process (warm-up included); {@code measuredPhysicalPeakMB} only
 * the measured steps. Script: {@code scripts/bench/gradient_cache_memory.sh}.
 */
public final class GradientCacheMemoryBenchmark {
    private GradientCacheMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        // before ND4J loads: which native build this JVM runs (-Dgte.nd4j.variant, default auto), printed
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        int n = Integer.parseInt(args[0]);
        int chunk = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int layers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int hidden = args.length > 4 ? Integer.parseInt(args[4]) : 128;
        int heads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int intermediate = args.length > 6 ? Integer.parseInt(args[6]) : 512;
        int seqLen = args.length > 7 ? Integer.parseInt(args[7]) : 32;
        int vocab = 1000;

        String gcWindow = System.getProperty("gte.bench.gcWindowMs");
        if (gcWindow != null) {
            // ND4J's occasional-GC policy, honoured by GradientCache after every chunk
            Nd4j.getMemoryManager().setOccasionalGcFrequency(1);
            Nd4j.getMemoryManager().setAutoGcWindow(Integer.parseInt(gcWindow));
        }
        BertConfig config = BertConfig.of(layers, hidden, heads, intermediate, vocab, 512);
        ComputationGraph graph = BertEncoderFactory.build(config, seqLen, DataType.FLOAT, 1);
        AdamW.withDefaults(new WarmupLinearDecaySchedule(1e-4, 10, 1000)).configure(graph);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(new ImprovedContrastiveLoss(), chunk, 7, 1.0);
        Random random = new Random(3);

        System.gc();
        Thread.sleep(200);
        long baselinePhysical = Pointer.physicalBytes();
        long baselineOffHeap = offHeapBytes();
        AtomicLong peakPhysical = new AtomicLong();
        AtomicLong peakOffHeap = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakCommittedHeap = new AtomicLong();
        AtomicLong peakNonHeap = new AtomicLong();
        Runtime rt = Runtime.getRuntime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakPhysical.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                peakOffHeap.accumulateAndGet(offHeapBytes(), Math::max);
                long physical = Pointer.physicalBytes();
                long committed = rt.totalMemory();
                peakHeap.accumulateAndGet(committed - rt.freeMemory(), Math::max);
                peakCommittedHeap.accumulateAndGet(committed, Math::max);
                peakNonHeap.accumulateAndGet(physical - committed, Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        int warmupSteps = Integer.getInteger("gte.bench.warmupSteps", 0);
        int warmupPairs = Integer.getInteger("gte.bench.warmupPairs", 256);
        for (int s = 0; s < warmupSteps; s++) {
            step.apply(graph, batch(random, warmupPairs, seqLen, vocab, seqLen).toMultiDataSet(), s);
        }
        long warmupPeak = peakPhysical.getAndSet(0);
        long t0 = System.nanoTime();
        StepResult last = null;
        for (int s = 0; s < steps; s++) {
            ContrastiveBatch batch = batch(random, n, seqLen, vocab, seqLen);
            last = step.apply(graph, batch.toMultiDataSet(), warmupSteps + s);
        }
        double seconds = (System.nanoTime() - t0) / 1e9 / steps;
        sampler.interrupt();
        sampler.join();
        long measuredPeak = peakPhysical.get();
        peakPhysical.accumulateAndGet(warmupPeak, Math::max);
        System.out.printf(
                "RESULT gcWindowMs=" + gcWindow + " warmupSteps=" + warmupSteps + "x" + warmupPairs
                        + " N=%d c=%d physicalPeakMB=%.1f measuredPhysicalPeakMB=%.1f physicalMinusCommittedHeapPeakMB=%.1f "
                        + "offHeapPeakMB=%.1f heapUsedPeakMB=%.1f heapCommittedPeakMB=%.1f baselinePhysicalMB=%.1f "
                        + "baselineOffHeapMB=%.1f secondsPerStep=%.2f loss=%.4f%n",
                n,
                chunk,
                mb(peakPhysical.get()),
                mb(measuredPeak),
                mb(peakNonHeap.get()),
                mb(peakOffHeap.get()),
                mb(peakHeap.get()),
                mb(peakCommittedHeap.get()),
                mb(baselinePhysical),
                mb(baselineOffHeap),
                seconds,
                last.loss());
    }

    private static long offHeapBytes() {
        return Nd4j.getMemoryManager().allocatedMemory(0);
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    /**
     * Random token ids (first id 101 = [CLS]), lengths uniform in [minLength, seqLen] (capped at seqLen), distinct
     * hashes, no hard negatives.
     */
    static ContrastiveBatch batch(Random random, int n, int seqLen, int vocab, int minLength) {
        INDArray[] q = tokens(random, n, seqLen, vocab, Math.min(minLength, seqLen));
        INDArray[] d = tokens(random, n, seqLen, vocab, Math.min(minLength, seqLen));
        INDArray hashes = Nd4j.create(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            hashes.putScalar(i, 0, random.nextLong());
            hashes.putScalar(i, 1, random.nextLong());
        }
        return new ContrastiveBatch(q[0], q[1], d[0], d[1], null, null, hashes);
    }

    static INDArray[] tokens(Random random, int rows, int seqLen, int vocab, int minLength) {
        float[][] ids = new float[rows][seqLen];
        float[][] mask = new float[rows][seqLen];
        for (int r = 0; r < rows; r++) {
            int len = minLength + random.nextInt(seqLen - minLength + 1);
            ids[r][0] = 101;
            mask[r][0] = 1;
            for (int t = 1; t < len; t++) {
                ids[r][t] = 1 + random.nextInt(vocab - 1);
                mask[r][t] = 1;
            }
        }
        return new INDArray[] {Nd4j.createFromArray(ids), Nd4j.createFromArray(mask)};
    }
}
