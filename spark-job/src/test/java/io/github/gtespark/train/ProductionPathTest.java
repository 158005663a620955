package io.github.gtespark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.checkpoint.LoadedCheckpoint;
import io.github.gtespark.train.metrics.MetricsLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring (BERT encoder graph, gradient-cached improved contrastive step, AdamW with warm-up and
 * decay, parameter + optimizer-state averaging) on a tiny random BERT, local[2]: pre-training then fine-tuning with
 * hard negatives from the pre-training checkpoint.
 */
class ProductionPathTest {

    @TempDir
    static Path tmp;

    static SparkSession spark;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTestSupport.session();
        TinyShards.write(spark, tmp.resolve("pre"), 8, 16, 8, 0, 21);
        TinyShards.write(spark, tmp.resolve("fine"), 4, 16, 8, 1, 22);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static String[] tinyBert(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(
                "model.random.vocab-size=" + TinyShards.VOCAB,
                "model.random.hidden-size=16",
                "model.random.layers=1",
                "model.random.heads=2",
                "model.random.intermediate-size=32",
                "model.random.max-positions=16",
                "train.chunk-size=4",
                "train.tau=0.05",
                "train.learning-rate=3e-3",
                "train.warmup-steps=2",
                "train.weight-decay=0.01"));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void preTrainsThenFineTunesTheBertEncoderWithTheGradientCachedStep() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String pre = tmp.resolve("run-pre").toUri().toString();
        com.typesafe.config.Config preConf = SparkTestSupport.config(
                tmp.resolve("pre").toUri().toString(), pre, tinyBert("train.steps=12", "train.averaging-frequency=3"));
        StageOutcome first = new StageTrainer(
                        spark,
                        ProductionComponents.forStage(
                                StageSettings.from(preConf),
                                spark.sparkContext().hadoopConfiguration()))
                .run(preConf, false);
        List<Double> losses = MetricsLog.read(first.metricsUri(), hc).stream()
                .filter(r -> "train".equals(r.get("type")))
                .map(r -> ((Number) r.get("loss")).doubleValue())
                .toList();
        assertEquals(4, losses.size());
        assertTrue(losses.get(3) < losses.get(0), "contrastive loss falls: " + losses);
        List<Double> rates = MetricsLog.read(first.metricsUri(), hc).stream()
                .filter(r -> "train".equals(r.get("type")))
                .map(r -> ((Number) r.get("learning_rate")).doubleValue())
                .toList();
        assertTrue(rates.get(3) < rates.get(0), "linear decay: " + rates);

        String fine = tmp.resolve("run-fine").toUri().toString();
        com.typesafe.config.Config fineConf = SparkTestSupport.config(
                tmp.resolve("fine").toUri().toString(),
                fine,
                tinyBert(
                        "stage=finetune",
                        "model.init=checkpoint",
                        "model.path=" + pre,
                        "train.hard-negatives=true",
                        "train.steps=4"));
        StageOutcome second = new StageTrainer(
                        spark,
                        ProductionComponents.forStage(
                                StageSettings.from(fineConf),
                                spark.sparkContext().hadoopConfiguration()))
                .run(fineConf, false);
        LoadedCheckpoint ck = CheckpointStore.load(second.checkpointUri(), hc);
        assertEquals("finetune", ck.state().stage());
        assertTrue(ck.graph().getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0);
        List<Map<String, Object>> lines = MetricsLog.read(second.metricsUri(), hc);
        assertTrue(lines.stream()
                .filter(r -> "finetune".equals(r.get("stage")))
                .allMatch(r -> Double.isFinite(((Number) r.get("loss")).doubleValue())));

        // the exported Hugging Face directory loads with the model module's importer and embeds exactly as the
        // final trained graph
        EncoderModel exported = HfModelDirectory.read(second.modelDirUri(), hc);
        assertEquals(16, exported.config().hidden());
        List<int[]> ids = List.of(new int[] {1, 5, 6, 2}, new int[] {1, 20, 21, 22, 23, 2}, new int[] {1, 33, 2});
        float[][] fromExport = TextEmbedder.of(exported, 8, 4).embedIds(ids);
        float[][] fromGraph =
                new TextEmbedder(ck.graph(), exported.config(), TextEmbedder.tokenizerOf(exported), 8, 4).embedIds(ids);
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < fromGraph[i].length; j++) {
                assertEquals(fromGraph[i][j], fromExport[i][j], 1e-6, "embedding " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void resumedGradientCachedRunMatchesAnUninterruptedOneWithDropout() throws Exception {
        checkResume("resume");
    }

    /**
     * The same with batches shorter than train.max-length (shards of at most 8 tokens, L = 16): dynamically padded
     * batches of varying length through the pooled worker graphs and their reused memory, resumed to the same result.
     */
    @Test
    void resumedRunWithDynamicallyPaddedBatchesMatchesAnUninterruptedOne() throws Exception {
        checkResume(
                "resume-dynamic", "train.max-length=16", "train.dynamic-padding=true", "train.pad-to-multiple-of=1");
    }

    private void checkResume(String name, String... extra) throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String data = tmp.resolve("pre").toUri().toString();
        List<String> all = new java.util.ArrayList<>(
                List.of("train.steps=6", "train.averaging-frequency=2", "checkpoint.interval-steps=2"));
        all.addAll(List.of(extra));
        String[] settings = tinyBert(all.toArray(new String[0]));
        String a = tmp.resolve(name + "-a").toUri().toString();
        String b = tmp.resolve(name + "-b").toUri().toString();
        com.typesafe.config.Config confA = SparkTestSupport.config(data, a, settings);
        StageOutcome full =
                new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(confA), hc)).run(confA, false);
        com.typesafe.config.Config confB = SparkTestSupport.config(data, b, settings);
        StageTrainer crashing = new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(confB), hc))
                .addListener(new StageListener() {
                    @Override
                    public void onRoundEnd(StageProgress p) {
                        if (p.step() == 4) {
                            throw new IllegalStateException("simulated crash after step 4");
                        }
                    }
                });
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> crashing.run(confB, false));
        StageOutcome resumed =
                new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(confB), hc)).run(confB, true);
        LoadedCheckpoint x = CheckpointStore.load(full.checkpointUri(), hc);
        LoadedCheckpoint y = CheckpointStore.load(resumed.checkpointUri(), hc);
        double diff = x.graph().params().sub(y.graph().params()).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6, "max |parameter difference| " + diff);
        double stateDiff = x.graph()
                .getUpdater()
                .getStateViewArray()
                .sub(y.graph().getUpdater().getStateViewArray())
                .amaxNumber()
                .doubleValue();
        assertTrue(stateDiff <= 1e-6, "max |AdamW state difference| " + stateDiff);

        // --resume on the finished run: nothing left to train; the first attempt's export is replaced by the same model
        org.nd4j.linalg.api.ndarray.INDArray exported = io.github.gtespark.encoders.EncoderSource.embedder(
                        resumed.modelDirUri(), hc, 32, 8)
                .graph()
                .params()
                .dup();
        StageOutcome again =
                new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(confB), hc)).run(confB, true);
        assertEquals(6, again.steps());
        assertEquals(resumed.modelDirUri(), again.modelDirUri());
        org.nd4j.linalg.api.ndarray.INDArray reExported = io.github.gtespark.encoders.EncoderSource.embedder(
                        again.modelDirUri(), hc, 32, 8)
                .graph()
                .params();
        assertEquals(0.0, exported.sub(reExported).amaxNumber().doubleValue(), 0.0);
    }
}
