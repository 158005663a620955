package io.github.gtespark.train.step.bench;

import io.github.gtespark.loss.CoSentLoss;
import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.text.BertTokenizer;
import io.github.gtespark.train.data.ContrastiveBatchAssembler;
import io.github.gtespark.train.data.PairRow;
import io.github.gtespark.train.data.SequencePadding;
import io.github.gtespark.train.data.StepTaggedBatch;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Training-step throughput with every batch padded to L (fixed) vs each input of a batch padded to its longest
 * sequence (dynamic padding, {@code train.dynamic-padding}), on real texts, in the same run:
 * {@code java ... DynamicPaddingThroughputBenchmark CORPUS SHARED_DATA_DIR batch steps [chunk] [L] [multiple]}.
 *
 * <p>CORPUS {@code sts}: STS Benchmark train pairs (sentence1 -> sentence2, their gold score), CoSENT (tau 0.05);
 * {@code debian}: Debian package synopsis -> long description (truncated to L), improved contrastive loss. Real
 * all-MiniLM-L6-v2 weights, float, dropout 0.1, AdamW, clipping at 1, gradient-cached step. Consecutive batches of the
 * file's pairs; one warm-up step per mode, then {@code steps} timed steps, the two modes alternating step by step on
 * the same batches (each on its own copy of the encoder), so that both see the same load of a shared machine. Prints
 * one {@code RESULT} line per mode (wall and process CPU seconds per step, pairs/s, mean padded lengths) and the
 * ratio.
 */
public final class DynamicPaddingThroughputBenchmark {
    private DynamicPaddingThroughputBenchmark() {}

    public static void main(String[] args) throws IOException {
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        String corpus = args[0];
        Path shared = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int maxLength = args.length > 5 ? Integer.parseInt(args[5]) : 128;
        int multiple = args.length > 6 ? Integer.parseInt(args[6]) : 8;

        EncoderModel model = PretrainedModels.load("all-minilm-l6-v2");
        BertTokenizer tokenizer = TextEmbedder.tokenizerOf(model);
        List<String[]> pairs = "sts".equals(corpus) ? sts(shared) : debian(shared);
        ContrastiveLoss loss = "sts".equals(corpus) ? new CoSentLoss(0.05) : new ImprovedContrastiveLoss();

        ComputationGraph fixedGraph = model.toGraph(DataType.FLOAT, maxLength);
        ComputationGraph dynamicGraph = model.toGraph(DataType.FLOAT, maxLength);
        WarmupLinearDecaySchedule schedule = new WarmupLinearDecaySchedule(2e-5, 10, 1000);
        AdamW.withDefaults(schedule).configure(fixedGraph);
        AdamW.withDefaults(schedule).configure(dynamicGraph);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(loss, chunk, 7, 1.0);
        ContrastiveBatchAssembler fixed =
                new ContrastiveBatchAssembler(n, SequencePadding.fixed(maxLength), false, DataType.FLOAT);
        ContrastiveBatchAssembler dynamic =
                new ContrastiveBatchAssembler(n, SequencePadding.dynamic(maxLength, multiple), false, DataType.FLOAT);

        double[] wall = new double[2];
        double[] cpu = new double[2];
        double[] lastLoss = new double[2];
        long[] paddedQuery = new long[2];
        long[] paddedDoc = new long[2];
        long realTokens = 0;
        for (int s = 0; s <= steps; s++) {
            List<PairRow> rows = rows(pairs, s * n, n, tokenizer, maxLength);
            ContrastiveBatchAssembler[] assemblers = {fixed, dynamic};
            ComputationGraph[] graphs = {fixedGraph, dynamicGraph};
            for (int mode = 0; mode < 2; mode++) {
                StepTaggedBatch batch = assemblers[mode].assemble(rows, s, 0);
                long w0 = System.nanoTime();
                long c0 = TrainingStepThroughputBenchmark.processCpuNanos();
                StepResult r = step.apply(graphs[mode], batch, s);
                double seconds = (System.nanoTime() - w0) / 1e9;
                double cpuSeconds = (TrainingStepThroughputBenchmark.processCpuNanos() - c0) / 1e9;
                System.out.printf(
                        "# step %d %s lengths q=%d d=%d: %.2f s (CPU %.2f s), loss %.5f%n",
                        s,
                        mode == 0 ? "fixed" : "dynamic",
                        batch.getFeatures(0).size(1),
                        batch.getFeatures(1).size(1),
                        seconds,
                        cpuSeconds,
                        r.loss());
                if (s > 0) {
                    wall[mode] += seconds;
                    cpu[mode] += cpuSeconds;
                    paddedQuery[mode] += batch.getFeatures(0).size(1);
                    paddedDoc[mode] += batch.getFeatures(1).size(1);
                    if (mode == 0) {
                        realTokens += batch.getFeaturesMaskArray(0).sumNumber().longValue()
                                + batch.getFeaturesMaskArray(1).sumNumber().longValue();
                    }
                }
                lastLoss[mode] = r.loss();
            }
        }
        for (int mode = 0; mode < 2; mode++) {
            System.out.printf(
                    "RESULT corpus=%s padding=%s L=%d multiple=%d batch=%d chunk=%d steps=%d meanQueryLength=%.1f "
                            + "meanDocLength=%.1f meanRealTokensPerText=%.1f secondsPerStep=%.3f cpuSecondsPerStep=%.3f "
                            + "pairsPerSecond=%.2f lastLoss=%.4f%n",
                    corpus,
                    mode == 0 ? "fixed" : "dynamic",
                    maxLength,
                    mode == 0 ? 1 : multiple,
                    n,
                    chunk,
                    steps,
                    paddedQuery[mode] / (double) steps,
                    paddedDoc[mode] / (double) steps,
                    realTokens / (2.0 * n * steps),
                    wall[mode] / steps,
                    cpu[mode] / steps,
                    n * steps / wall[mode],
                    lastLoss[mode]);
        }
        System.out.printf(
                "RESULT corpus=%s speedup dynamic vs fixed: wall %.2fx, CPU %.2fx%n",
                corpus, wall[0] / wall[1], cpu[0] / cpu[1]);
    }

    /** Shard rows of pairs {@code first..first+n-1} (wrapping), tokenized and truncated to L, with scores if any. */
    static List<PairRow> rows(List<String[]> pairs, int first, int n, BertTokenizer tokenizer, int maxLength) {
        List<PairRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] p = pairs.get((first + i) % pairs.size());
            double score = p.length > 2 ? Double.parseDouble(p[2]) : Double.NaN;
            rows.add(new PairRow(
                    0,
                    i,
                    tokenizer.encode(p[0], maxLength),
                    tokenizer.encode(p[1], maxLength),
                    new int[0][],
                    p[0].hashCode(),
                    p[1].hashCode(),
                    new long[0],
                    score));
        }
        return rows;
    }

    /** STS Benchmark train: TAB separated, score = field 4, sentence1 = field 5, sentence2 = field 6 (0-based). */
    static List<String[]> sts(Path shared) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(shared.resolve("stsb/sts-train.csv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 7) {
                out.add(new String[] {f[5], f[6], f[4]});
            }
        }
        return out;
    }

    /** Debian bookworm package synopsis -> long description (gzip TSV with a header). */
    static List<String[]> debian(Path shared) throws IOException {
        List<String[]> out = new ArrayList<>();
        Path file = shared.resolve("debian-descriptions/bookworm-main-descriptions.tsv.gz");
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null && out.size() < 10_000; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length >= 3 && !f[1].isBlank() && !f[2].isBlank()) {
                    out.add(new String[] {f[1], f[2]});
                }
            }
        }
        return out;
    }
}
