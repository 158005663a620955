package io.github.gtespark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.checkpoint.LoadedCheckpoint;
import io.github.gtespark.train.data.BatchSchedule;
import io.github.gtespark.train.data.ContrastiveBatchAssembler;
import io.github.gtespark.train.data.PairRow;
import io.github.gtespark.train.data.ShardBatchSource;
import io.github.gtespark.train.data.ShardManifest;
import io.github.gtespark.train.metrics.MetricsLog;
import io.github.gtespark.train.spark.ContrastiveTrainingMaster;
import io.github.gtespark.train.spark.DistributedRoundRunner;
import io.github.gtespark.train.spark.RoundResult;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** The distributed training machinery on local[2] with the tiny encoder and a plain fit step. */
class StageTrainerTest {

    private static final int N = 16;
    private static final int L = 8;

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static String data;
    static String dataWithNegatives;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTestSupport.session();
        TinyShards.write(spark, tmp.resolve("data"), 8, N, L, 0, 11);
        TinyShards.write(spark, tmp.resolve("data-neg"), 6, N, L, 2, 12);
        data = tmp.resolve("data").toUri().toString();
        dataWithNegatives = tmp.resolve("data-neg").toUri().toString();
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void averagingRoundEqualsMeanOfWorkersParametersAndAdamState() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        ShardManifest manifest = ShardManifest.read(data, hc);
        BatchSchedule schedule = new BatchSchedule(manifest.batches(), 2);
        ContrastiveBatchAssembler assembler = new ContrastiveBatchAssembler(N, L, false, DataType.DOUBLE);
        ComputationGraph start = TinyEncoder.create(3, L);
        TopicFitStep step = new TopicFitStep(3);

        // each worker's round replayed locally from the same start
        List<INDArray> params = new ArrayList<>();
        List<INDArray> states = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            ComputationGraph g = start.clone();
            for (long t = 0; t < 3; t++) {
                step.apply(g, batch(manifest, assembler, schedule.batchFor(t, w), t, w), t);
            }
            params.add(g.params().dup());
            states.add(g.getUpdater().getStateViewArray().dup());
        }
        assertTrue(params.get(0).distance2(params.get(1)) > 1e-3, "workers saw different data");

        ContrastiveTrainingMaster master = new ContrastiveTrainingMaster(2, N, 3, step);
        SparkComputationGraph sparkGraph = new SparkComputationGraph(spark.sparkContext(), start.clone(), master);
        RoundResult round = new DistributedRoundRunner(
                        sparkGraph, master, new ShardBatchSource(spark, manifest, schedule, assembler))
                .run(0, 3);

        assertEquals(6, round.records().size());
        INDArray meanParams = params.get(0).add(params.get(1)).divi(2);
        INDArray meanState = states.get(0).add(states.get(1)).divi(2);
        ComputationGraph averaged = sparkGraph.getNetwork();
        assertTrue(averaged.params().equalsWithEps(meanParams, 1e-10), "parameters are the workers' mean");
        INDArray state = averaged.getUpdater().getStateViewArray();
        assertTrue(state.sumNumber().doubleValue() != 0.0, "Adam state is non-zero after a round");
        assertTrue(state.equalsWithEps(meanState, 1e-10), "Adam state (m, v) is the workers' mean");
    }

    @Test
    void matryoshkaDimensionAboveTheEncoderWidthIsAConfigurationErrorBeforeAnySparkWork() {
        // model.random.hidden-size (384) admits 300, but the tiny encoder's embeddings are narrower
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> new StageTrainer(spark, SparkTestSupport.tinyComponents())
                        .run(
                                SparkTestSupport.config(
                                        data,
                                        tmp.resolve("run-matryoshka").toUri().toString(),
                                        "train.matryoshka-dims=[300, 2]"),
                                false));
        assertTrue(
                e.getMessage().contains("train.matryoshka-dims=[300, 2]")
                        && e.getMessage().contains("300")
                        && !e.getMessage().contains("\n"),
                e.getMessage());
        assertFalse(
                Files.exists(tmp.resolve("run-matryoshka/resolved-config.conf")), "stopped before writing any output");
    }

    @Test
    void tinyModelLearnsAndWritesMetricsChartAndCheckpoints() throws Exception {
        String out = tmp.resolve("run-learn").toUri().toString();
        StageOutcome outcome = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .run(
                        SparkTestSupport.config(
                                data, out, "train.steps=16", "checkpoint.interval-steps=4", "checkpoint.keep-last=2"),
                        false);
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        List<Map<String, Object>> records = MetricsLog.read(outcome.metricsUri(), hc);
        List<Double> losses = records.stream()
                .filter(r -> "train".equals(r.get("type")))
                .map(r -> ((Number) r.get("loss")).doubleValue())
                .toList();
        assertEquals(8, losses.size(), "one train line per averaging round");
        assertTrue(
                records.stream()
                        .filter(r -> "train".equals(r.get("type")))
                        .allMatch(r -> "improved(qq,dq,dd)".equals(r.get("loss_function"))),
                "every train line names the loss");
        assertTrue(losses.get(7) < 0.6 * losses.get(0), "loss falls: " + losses);
        assertEquals(16L, ((Number) records.get(records.size() - 1).get("step")).longValue());

        CheckpointStore store = new CheckpointStore(out + "/checkpoints", hc, 2);
        List<String> kept = store.list();
        assertEquals(2, kept.size(), "keep-last=2: " + kept);
        assertTrue(kept.get(1).endsWith("step-0000000016"));
        assertTrue(kept.get(0).endsWith("step-0000000012"));
        LoadedCheckpoint ck = CheckpointStore.load(kept.get(1), hc);
        assertEquals(16, ck.state().step());
        assertEquals(32, ck.state().batchesConsumed());
        assertTrue(
                ck.graph()
                        .params()
                        .equalsWithEps(
                                CheckpointStore.load(outcome.checkpointUri(), hc)
                                        .graph()
                                        .params(),
                                0.0),
                "outcome names the newest checkpoint");

        BufferedImage png = javax.imageio.ImageIO.read(
                new ByteArrayInputStream(Files.readAllBytes(Path.of(java.net.URI.create(outcome.chartUri())))));
        assertNotNull(png);
        assertTrue(png.getWidth() >= 800);
        assertTrue(Files.exists(tmp.resolve("run-learn/resolved-config.conf")));
        assertTrue(Files.exists(tmp.resolve("run-learn/_SUCCESS")));
    }

    @Test
    void resumedRunEndsWithTheSameParametersAsAnUninterruptedOne() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String a = tmp.resolve("run-a").toUri().toString();
        String b = tmp.resolve("run-b").toUri().toString();
        String[] settings = {"train.steps=10", "checkpoint.interval-steps=4"};
        StageOutcome full = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .run(SparkTestSupport.config(data, a, settings), false);

        StageTrainer crashing = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .addListener(new StageListener() {
                    @Override
                    public void onRoundEnd(StageProgress p) {
                        if (p.step() == 6) {
                            throw new IllegalStateException("simulated driver crash after step 6");
                        }
                    }
                });
        assertThrows(
                IllegalStateException.class, () -> crashing.run(SparkTestSupport.config(data, b, settings), false));
        assertTrue(new CheckpointStore(b + "/checkpoints", hc, 1)
                .latest()
                .orElseThrow()
                .endsWith("step-0000000004"));
        assertThrows(
                IllegalStateException.class,
                () -> new StageTrainer(spark, SparkTestSupport.tinyComponents())
                        .run(SparkTestSupport.config(data, b, settings), false),
                "an output with checkpoints is refused without --resume");

        StageOutcome resumed = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .run(SparkTestSupport.config(data, b, settings), true);
        assertEquals(10, resumed.steps());
        LoadedCheckpoint x = CheckpointStore.load(full.checkpointUri(), hc);
        LoadedCheckpoint y = CheckpointStore.load(resumed.checkpointUri(), hc);
        double maxDiff = x.graph().params().sub(y.graph().params()).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-6, "max |param difference| " + maxDiff);
        double stateDiff = x.graph()
                .getUpdater()
                .getStateViewArray()
                .sub(y.graph().getUpdater().getStateViewArray())
                .amaxNumber()
                .doubleValue();
        assertTrue(stateDiff <= 1e-6, "max |optimizer state difference| " + stateDiff);
        List<Map<String, Object>> lines = MetricsLog.read(resumed.metricsUri(), hc);
        assertEquals(
                5,
                lines.stream().filter(r -> "train".equals(r.get("type"))).count(),
                "rounds after the checkpoint are not duplicated in the metrics");
    }

    @Test
    void nonFiniteLossStopsTheStageAndKeepsTheLastGoodCheckpoint() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String out = tmp.resolve("run-nan").toUri().toString();
        StageComponents poisoned = new StageComponents(
                (s, h) -> TinyEncoder.create(s.train().seed(), s.train().maxLength()),
                (s, total) -> new DivergingStep(new TopicFitStep(s.train().seed()), 5),
                null,
                null);
        NonFiniteLossException e = assertThrows(
                NonFiniteLossException.class,
                () -> new StageTrainer(spark, poisoned)
                        .run(
                                SparkTestSupport.config(data, out, "train.steps=10", "checkpoint.interval-steps=2"),
                                false));
        assertTrue(e.getMessage().contains("global step 5"), e.getMessage());
        assertTrue(e.getMessage().contains("step-0000000004"), e.getMessage());
        CheckpointStore store = new CheckpointStore(out + "/checkpoints", hc, 10);
        assertTrue(
                store.latest().orElseThrow().endsWith("step-0000000004"),
                store.list().toString());
        LoadedCheckpoint ck = CheckpointStore.load(store.latest().get(), hc);
        assertFalse(ck.graph().params().isNaN().any());
        assertFalse(Files.exists(tmp.resolve("run-nan/_SUCCESS")));
    }

    static final AtomicInteger NEGATIVE_BATCHES = new AtomicInteger();

    @Test
    void fineTuningStartsFromThePreTrainingCheckpointWithHardNegatives() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String pre = tmp.resolve("chain-pre").toUri().toString();
        String fine = tmp.resolve("chain-fine").toUri().toString();
        StageOutcome first = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .run(SparkTestSupport.config(data, pre, "train.steps=4"), false);
        INDArray preParams =
                CheckpointStore.load(first.checkpointUri(), hc).graph().params();

        List<INDArray> startParams = new ArrayList<>();
        List<Double> startState = new ArrayList<>();
        StageComponents components = new StageComponents(
                (s, h) -> {
                    throw new AssertionError("stage 2 must start from the checkpoint, not a new encoder");
                },
                (s, total) ->
                        new NegativesCheckingStep(new TopicFitStep(s.train().seed()), N, 2),
                null,
                null);
        NEGATIVE_BATCHES.set(0);
        StageOutcome second = new StageTrainer(spark, components)
                .addListener(new StageListener() {
                    @Override
                    public void onStageStart(StageProgress p) {
                        startParams.add(p.graph().params().dup());
                        startState.add(p.graph()
                                .getUpdater()
                                .getStateViewArray()
                                .amaxNumber()
                                .doubleValue());
                    }
                })
                .run(
                        SparkTestSupport.config(
                                dataWithNegatives,
                                fine,
                                "stage=finetune",
                                "model.init=checkpoint",
                                "model.path=" + pre,
                                "train.hard-negatives=true",
                                "train.steps=4"),
                        false);

        assertTrue(startParams.get(0).equalsWithEps(preParams, 0.0), "stage 2 starts with stage 1's parameters");
        assertEquals(0.0, startState.get(0), "stage 2 starts with a fresh optimizer state");
        assertEquals(8, NEGATIVE_BATCHES.get(), "every fine-tuning batch carried [N*k, L] hard negatives");
        List<Map<String, Object>> lines = MetricsLog.read(second.metricsUri(), hc);
        assertTrue(lines.stream().anyMatch(r -> "pretrain".equals(r.get("stage"))), "stage 1 lines carried over");
        assertTrue(lines.stream().anyMatch(r -> "finetune".equals(r.get("stage"))));
    }

    @Test
    void chainedStageTakesThePreviousStagesEvaluationOfItsStartCheckpointAsBaseline() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String pre = tmp.resolve("eval-pre").toUri().toString();
        ParameterStatistics stats = new ParameterStatistics("parameter statistics v1");
        StageOutcome first = new StageTrainer(spark, withEvaluator(stats))
                .run(SparkTestSupport.config(data, pre, "train.steps=4"), false);
        assertEquals(2, stats.calls.get(), "stage 1: baseline + final evaluation");

        String fine = tmp.resolve("eval-fine").toUri().toString();
        StageOutcome second = new StageTrainer(spark, withEvaluator(stats))
                .run(
                        SparkTestSupport.config(
                                data,
                                fine,
                                "stage=finetune",
                                "model.init=checkpoint",
                                "model.path=" + pre,
                                "train.steps=2"),
                        false);
        assertEquals(3, stats.calls.get(), "stage 2 evaluated only its final model");
        Map<String, Object> baseline = evalLine(second.metricsUri(), hc, "finetune", true);
        assertEquals("pretrain step 4", baseline.get("reused_from"));
        // the premise: the start model of stage 2 scores exactly what stage 1's final evaluation recorded
        Map<String, Double> direct = new ParameterStatistics("direct")
                .evaluate(CheckpointStore.load(first.checkpointUri(), hc).graph());
        assertEquals(direct, toDoubles(baseline.get("metrics")));
        assertEquals(
                direct,
                toDoubles(evalLine(first.metricsUri(), hc, "pretrain", false).get("metrics")));

        // other evaluation settings: the baseline is measured again
        ParameterStatistics other = new ParameterStatistics("parameter statistics v2");
        StageOutcome third = new StageTrainer(spark, withEvaluator(other))
                .run(
                        SparkTestSupport.config(
                                data,
                                tmp.resolve("eval-fine-other").toUri().toString(),
                                "stage=finetune",
                                "model.init=checkpoint",
                                "model.path=" + pre,
                                "train.steps=2"),
                        false);
        assertEquals(2, other.calls.get(), "baseline and final evaluation");
        assertFalse(evalLine(third.metricsUri(), hc, "finetune", true).containsKey("reused_from"));
    }

    @Test
    void evaluationAtStartAndAtEndCanEachBeSwitchedOff() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        ParameterStatistics endOnly = new ParameterStatistics("end only");
        StageOutcome a = new StageTrainer(spark, withEvaluator(endOnly))
                .run(
                        SparkTestSupport.config(
                                data,
                                tmp.resolve("eval-end-only").toUri().toString(),
                                "train.steps=2",
                                "eval.at-start=false"),
                        false);
        assertEquals(1, endOnly.calls.get(), "only the final evaluation");
        List<Map<String, Object>> evals = MetricsLog.read(a.metricsUri(), hc).stream()
                .filter(r -> "eval".equals(r.get("type")))
                .toList();
        assertEquals(1, evals.size());
        assertEquals(false, evals.get(0).get("baseline"));
        assertEquals(2, ((Number) evals.get(0).get("step")).intValue());
        assertEquals(toDoubles(evals.get(0).get("metrics")), a.finalMetrics());

        ParameterStatistics startOnly = new ParameterStatistics("start only");
        StageOutcome b = new StageTrainer(spark, withEvaluator(startOnly))
                .run(
                        SparkTestSupport.config(
                                data,
                                tmp.resolve("eval-start-only").toUri().toString(),
                                "train.steps=2",
                                "eval.at-end=false"),
                        false);
        assertEquals(1, startOnly.calls.get(), "only the baseline evaluation");
        assertEquals(0, ((Number) evalLine(b.metricsUri(), hc, "pretrain", true).get("step")).intValue());
    }

    @Test
    void inBetweenEvaluationsAreSkippedBeyondTheirShareOfTheStage() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        // each evaluation takes 0.5 s; a share of 0.001 would need 500 s of training per 0.5 s of evaluation
        SlowEvaluator bounded = new SlowEvaluator(500);
        StageOutcome a = new StageTrainer(spark, withEvaluator(bounded))
                .run(
                        SparkTestSupport.config(
                                data,
                                tmp.resolve("eval-bounded").toUri().toString(),
                                "train.steps=4",
                                "train.averaging-frequency=1",
                                "eval.interval-steps=1",
                                "eval.max-share=0.001"),
                        false);
        assertEquals(2, bounded.calls.get(), "the start and the end only; the 3 in-between ones skipped");
        Map<String, Object> cost = MetricsLog.read(a.metricsUri(), hc).stream()
                .filter(r -> "eval_cost".equals(r.get("type")))
                .findFirst()
                .orElseThrow();
        assertEquals(3, ((Number) cost.get("skipped")).intValue());
        double evalSeconds = ((Number) cost.get("evaluation_seconds")).doubleValue();
        assertTrue(evalSeconds >= 1.0, "two evaluations of 0.5 s: " + evalSeconds);
        assertTrue(((Number) cost.get("training_seconds")).doubleValue() > 0);

        // no bound: every in-between step is evaluated
        SlowEvaluator unbounded = new SlowEvaluator(1);
        new StageTrainer(spark, withEvaluator(unbounded))
                .run(
                        SparkTestSupport.config(
                                data,
                                tmp.resolve("eval-unbounded").toUri().toString(),
                                "train.steps=4",
                                "train.averaging-frequency=1",
                                "eval.interval-steps=1",
                                "eval.max-share=0"),
                        false);
        assertEquals(5, unbounded.calls.get(), "steps 0, 1, 2, 3 and the end (4)");
    }

    /** An evaluator that takes a given time per call (counted). */
    static final class SlowEvaluator implements ModelEvaluator {
        private final long millis;
        final AtomicInteger calls = new AtomicInteger();

        SlowEvaluator(long millis) {
            this.millis = millis;
        }

        @Override
        public Map<String, Double> evaluate(ComputationGraph graph) {
            calls.incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("mean", graph.params().meanNumber().doubleValue());
        }
    }

    private static StageComponents withEvaluator(ModelEvaluator evaluator) {
        return new StageComponents(
                (s, h) -> TinyEncoder.create(s.train().seed(), s.train().maxLength()),
                (s, total) -> new TopicFitStep(s.train().seed()),
                null,
                evaluator);
    }

    private static Map<String, Object> evalLine(String metricsUri, Configuration hc, String stage, boolean baseline)
            throws java.io.IOException {
        return MetricsLog.read(metricsUri, hc).stream()
                .filter(r -> "eval".equals(r.get("type"))
                        && stage.equals(r.get("stage"))
                        && Boolean.valueOf(baseline).equals(r.get("baseline")))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + stage + " eval line"));
    }

    private static Map<String, Double> toDoubles(Object metrics) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) metrics).forEach((k, v) -> out.put(String.valueOf(k), ((Number) v).doubleValue()));
        return out;
    }

    /** Scores a graph by statistics of its parameters (a deterministic function of the model, counted per call). */
    static final class ParameterStatistics implements ModelEvaluator {
        private final String settings;
        final AtomicInteger calls = new AtomicInteger();

        ParameterStatistics(String settings) {
            this.settings = settings;
        }

        @Override
        public Map<String, Double> evaluate(ComputationGraph graph) {
            calls.incrementAndGet();
            INDArray p = graph.params();
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            out.put("mean", p.meanNumber().doubleValue());
            out.put("max_abs", p.amaxNumber().doubleValue());
            out.put("norm2", p.norm2Number().doubleValue());
            return out;
        }

        @Override
        public String settings() {
            return settings;
        }
    }

    private static MultiDataSet batch(
            ShardManifest manifest, ContrastiveBatchAssembler assembler, long batchId, long step, int worker) {
        List<PairRow> rows = new ArrayList<>();
        for (Row r : ShardBatchSource.read(spark, manifest)
                .where(functions.col("batch_id").equalTo(batchId))
                .collectAsList()) {
            rows.add(ShardBatchSource.toPair(r));
        }
        return assembler.assemble(rows, step, worker);
    }

    /** Makes the model diverge from {@code fromStep} on (parameters blown up to infinity before the update). */
    static final class DivergingStep implements TrainingStep {
        private final TrainingStep inner;
        private final long fromStep;

        DivergingStep(TrainingStep inner, long fromStep) {
            this.inner = inner;
            this.fromStep = fromStep;
        }

        @Override
        public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
            if (globalStep >= fromStep) {
                graph.params().muli(1e308).muli(1e308);
            }
            return inner.apply(graph, batch, globalStep);
        }
    }

    /** Checks the hard-negative layout of each batch, then applies the inner step. */
    static final class NegativesCheckingStep implements TrainingStep {
        private final TrainingStep inner;
        private final int n;
        private final int k;

        NegativesCheckingStep(TrainingStep inner, int n, int k) {
            this.inner = inner;
            this.n = n;
            this.k = k;
        }

        @Override
        public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
            if (batch.numFeatureArrays() == 3
                    && batch.getFeatures(2).size(0) == (long) n * k
                    && batch.getLabels(0).size(1) == 2 + k) {
                NEGATIVE_BATCHES.incrementAndGet();
            }
            return inner.apply(graph, batch, globalStep);
        }
    }
}
