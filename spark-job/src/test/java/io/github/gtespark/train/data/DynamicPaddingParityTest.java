package io.github.gtespark.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.loss.CoSentLoss;
import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.text.BertTokenizer;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.ContrastiveBatch;
import io.github.gtespark.train.step.GradientCache;
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
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dynamic padding ({@link SequencePadding#dynamic}) against padding every batch to L = 128, on the real
 * all-MiniLM-L6-v2 encoder (float, dropout off: with dropout the masks are drawn for the padded shape) and real texts
 * (STS Benchmark train sentences, Debian package synopses and descriptions): the pooled embeddings of each text, and
 * the loss and parameter gradient of a gradient-cached training step (chunks of 4 rows), agree to float rounding. The
 * same comparison in double on a tiny BERT encoder shows that only rounding differs (1e-12).
 */
class DynamicPaddingParityTest {

    static final int L = 128;

    static BertTokenizer tokenizer;
    static ComputationGraph miniLm;

    @BeforeAll
    static void load() {
        EncoderModel model = PretrainedModels.load("all-minilm-l6-v2");
        tokenizer = TextEmbedder.tokenizerOf(model);
        miniLm = model.withConfig(model.config().withDropout(0.0, 0.0)).toGraph(DataType.FLOAT, L);
    }

    static Path sharedData() {
        String p = System.getProperty("gte.shared.data");
        if (p == null) {
            throw new IllegalStateException("system property gte.shared.data is not set (surefire sets it)");
        }
        return Path.of(p);
    }

    /** STS Benchmark train pairs from {@code first}: sentence1, sentence2 and the score (fields 5, 6 and 4). */
    static List<String[]> stsTrain(int first, int count) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(sharedData().resolve("stsb/sts-train.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(first, lines.size())) {
            String[] f = line.split("\t", -1);
            out.add(new String[] {f[5], f[6], f[4]});
            if (out.size() == count) {
                break;
            }
        }
        return out;
    }

    /** Debian package synopsis -> long description pairs (the header line skipped). */
    static List<String[]> debian(int first, int count) throws IOException {
        List<String[]> out = new ArrayList<>();
        Path file = sharedData().resolve("debian-descriptions/bookworm-main-descriptions.tsv.gz");
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine();
            int seen = 0;
            for (String line = r.readLine(); line != null && out.size() < count; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length >= 3 && seen++ >= first) {
                    out.add(new String[] {f[1], f[2]});
                }
            }
        }
        return out;
    }

    /**
     * Shard rows of the pairs: query = field 0, document = field 1, with {@code negatives} hard negatives per pair
     * (the documents of the following pairs), a score from field 2 when present.
     */
    static List<PairRow> rows(List<String[]> pairs, int negatives) {
        List<PairRow> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String[] p = pairs.get(i);
            int[][] neg = new int[negatives][];
            long[] negHashes = new long[negatives];
            for (int j = 0; j < negatives; j++) {
                String text = pairs.get((i + 1 + j) % pairs.size())[1];
                neg[j] = tokenizer.encode(text, L);
                negHashes[j] = text.hashCode();
            }
            double score = p.length > 2 ? Double.parseDouble(p[2]) : Double.NaN;
            rows.add(new PairRow(
                    0,
                    i,
                    tokenizer.encode(p[0], L),
                    tokenizer.encode(p[1], L),
                    neg,
                    p[0].hashCode(),
                    p[1].hashCode(),
                    negHashes,
                    score));
        }
        return rows;
    }

    static StepTaggedBatch assemble(List<PairRow> rows, SequencePadding padding, int negatives) {
        return new ContrastiveBatchAssembler(rows.size(), padding, negatives > 0, DataType.FLOAT).assemble(rows, 0, 0);
    }

    static INDArray embed(ComputationGraph graph, INDArray ids, INDArray mask, boolean training) {
        return graph.output(training, new INDArray[] {ids}, new INDArray[] {mask}, null)[0];
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE)
                .sub(b.castTo(DataType.DOUBLE))
                .amaxNumber()
                .doubleValue();
    }

    @Test
    void pooledEmbeddingsOfATextDoNotDependOnThePaddedLength() throws IOException {
        List<PairRow> sts = rows(stsTrain(0, 32), 0);
        List<PairRow> deb = rows(debian(0, 16), 1);
        for (List<PairRow> rows : List.of(sts, deb)) {
            int negatives = rows.get(0).negIds().length;
            StepTaggedBatch fixed = assemble(rows, SequencePadding.fixed(L), negatives);
            // the reference embeddings at L do not depend on the dynamic padding they are compared with: computed
            // once per input and mode (inference, training), not once per padding
            INDArray[][] atL = new INDArray[fixed.numFeatureArrays()][2];
            for (SequencePadding padding : List.of(SequencePadding.dynamic(L, 1), SequencePadding.dynamic(L, 8))) {
                StepTaggedBatch dynamic = assemble(rows, padding, negatives);
                for (int input = 0; input < fixed.numFeatureArrays(); input++) {
                    INDArray ids = dynamic.getFeatures(input);
                    long len = ids.size(1);
                    int longest = (int) dynamic.getFeaturesMaskArray(input)
                            .sum(1)
                            .maxNumber()
                            .intValue();
                    assertEquals(padding.lengthFor(longest), len, "padded to the batch's longest (rounded)");
                    for (boolean training : new boolean[] {false, true}) {
                        int mode = training ? 1 : 0;
                        if (atL[input][mode] == null) {
                            atL[input][mode] = embed(
                                            miniLm,
                                            fixed.getFeatures(input),
                                            fixed.getFeaturesMaskArray(input),
                                            training)
                                    .dup();
                        }
                        INDArray a = atL[input][mode];
                        INDArray b = embed(miniLm, ids, dynamic.getFeaturesMaskArray(input), training);
                        double diff = maxAbsDiff(a, b);
                        System.out.printf(
                                "all-MiniLM-L6-v2 float, input %d (%d rows, longest %d): L=%d vs %d, %s: max|diff| %.3g%n",
                                input, ids.rows(), longest, L, len, training ? "training" : "inference", diff);
                        assertTrue(diff <= 1e-5, "input " + input + " padded to " + len + ": " + diff);
                    }
                }
            }
        }
        // the short texts are far shorter than L: the point of dynamic padding
        assertTrue(
                assemble(sts, SequencePadding.dynamic(L, 8), 0).getFeatures(0).size(1) <= 48);
    }

    /** Loss, gradient and gradient norm of one gradient-cached step, fixed L vs dynamic, on the same batch. */
    private static void checkStep(ComputationGraph graph, List<PairRow> rows, ContrastiveLoss loss, double tolerance) {
        int negatives = rows.get(0).negIds().length;
        StepTaggedBatch fixed = assemble(rows, SequencePadding.fixed(L), negatives);
        GradientCache cache = new GradientCache(loss, 4, 9);
        GradientCache.Result reference = cache.lossAndGradient(graph, ContrastiveBatch.fromMultiDataSet(fixed), 3);
        double scale = reference.gradient().amaxNumber().doubleValue();
        for (SequencePadding padding : List.of(SequencePadding.dynamic(L, 1), SequencePadding.dynamic(L, 8))) {
            StepTaggedBatch dynamic = assemble(rows, padding, negatives);
            assertTrue(
                    dynamic.getFeatures(0).size(1) < L && dynamic.getFeatures(1).size(1) <= L);
            GradientCache.Result result = cache.lossAndGradient(graph, ContrastiveBatch.fromMultiDataSet(dynamic), 3);
            double gradientDiff = maxAbsDiff(reference.gradient(), result.gradient());
            System.out.printf(
                    "%s, %s, lengths %s: loss %.8f vs %.8f, max|grad diff| %.3g (max|grad| %.3g)%n",
                    loss.label(), padding, lengths(dynamic), reference.loss(), result.loss(), gradientDiff, scale);
            assertEquals(reference.loss(), result.loss(), tolerance * Math.max(1, Math.abs(reference.loss())));
            assertTrue(gradientDiff <= tolerance * scale, padding + ": " + gradientDiff + " vs max " + scale);
        }
        // the whole step (clipping, AdamW) reports the same loss and gradient norm
        ComputationGraph a = graph.clone();
        ComputationGraph b = graph.clone();
        WarmupLinearDecaySchedule schedule = new WarmupLinearDecaySchedule(2e-5, 2, 10);
        AdamW.withDefaults(schedule).configure(a);
        AdamW.withDefaults(schedule).configure(b);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(loss, 4, 9, 1.0);
        StepResult ra = step.apply(a, fixed, 3);
        StepResult rb = step.apply(b, assemble(rows, SequencePadding.dynamic(L, 8), negatives), 3);
        assertEquals(ra.loss(), rb.loss(), tolerance * Math.max(1, Math.abs(ra.loss())));
        assertEquals(ra.gradientNorm(), rb.gradientNorm(), tolerance * ra.gradientNorm());
        assertEquals(ra.learningRate(), rb.learningRate());
    }

    private static String lengths(StepTaggedBatch b) {
        long[] out = new long[b.numFeatureArrays()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFeatures(i).size(1);
        }
        return java.util.Arrays.toString(out);
    }

    @Test
    void trainingStepGivesTheSameLossAndGradientOnShortScoredPairs() throws IOException {
        checkStep(miniLm, rows(stsTrain(100, 8), 0), new CoSentLoss(0.05), 1e-5);
    }

    @Test
    void trainingStepGivesTheSameLossAndGradientOnLongerPairsWithHardNegatives() throws IOException {
        checkStep(miniLm, rows(debian(200, 6), 1), new ImprovedContrastiveLoss(0.05, false), 1e-5);
    }

    @Test
    void inDoubleOnlyRoundingDiffers() {
        BertConfig config = BertConfig.of(2, 16, 2, 32, 40, L).withDropout(0.0, 0.0);
        ComputationGraph tiny = BertEncoderFactory.build(config, L, DataType.DOUBLE, 5);
        Random random = new Random(4);
        List<PairRow> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(new PairRow(
                    0,
                    i,
                    randomIds(random, 3 + random.nextInt(10)),
                    randomIds(random, 5 + random.nextInt(30)),
                    new int[][] {randomIds(random, 2 + random.nextInt(20))},
                    i,
                    100 + i,
                    new long[] {200 + i}));
        }
        GradientCache cache = new GradientCache(new ImprovedContrastiveLoss(0.05, false), 4, 9);
        ContrastiveBatchAssembler fixed =
                new ContrastiveBatchAssembler(6, SequencePadding.fixed(L), true, DataType.DOUBLE);
        ContrastiveBatchAssembler dynamic =
                new ContrastiveBatchAssembler(6, SequencePadding.dynamic(L, 1), true, DataType.DOUBLE);
        StepTaggedBatch shortBatch = dynamic.assemble(rows, 0, 0);
        assertTrue(shortBatch.getFeatures(1).size(1) < 40);
        GradientCache.Result a =
                cache.lossAndGradient(tiny, ContrastiveBatch.fromMultiDataSet(fixed.assemble(rows, 0, 0)), 1);
        GradientCache.Result b = cache.lossAndGradient(tiny, ContrastiveBatch.fromMultiDataSet(shortBatch), 1);
        double diff = maxAbsDiff(a.gradient(), b.gradient());
        System.out.printf("tiny BERT double: loss %.15f vs %.15f, max|grad diff| %.3g%n", a.loss(), b.loss(), diff);
        assertEquals(a.loss(), b.loss(), 1e-12);
        assertTrue(diff <= 1e-12 * a.gradient().amaxNumber().doubleValue(), "gradient differs by " + diff);
    }

    private static int[] randomIds(Random random, int length) {
        int[] ids = new int[length];
        for (int t = 0; t < length; t++) {
            ids[t] = 1 + random.nextInt(39);
        }
        return ids;
    }
}
