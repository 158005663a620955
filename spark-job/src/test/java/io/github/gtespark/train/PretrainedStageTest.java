package io.github.gtespark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.StsDatasetReader;
import io.github.gtespark.eval.StsEvaluator;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.metrics.MetricsLog;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage from the built-in all-MiniLM-L6-v2 with evaluation (small slices of the demo STS dev and PubMedQA
 * retrieval sets) and export: the baseline line is the start model's figure, evaluation runs again at the end,
 * the exported directory loads with the model importer.
 */
class PretrainedStageTest {

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static Path sts;
    static Path beir;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTestSupport.session();
        TinyShards.write(spark, tmp.resolve("data"), 4, 4, 16, 0, 31);
        Path demo = Path.of(System.getProperty("gte.repo.root"), "spark-job", "demo-eval");
        sts = tmp.resolve("sts.tsv");
        Files.write(sts, Files.readAllLines(demo.resolve("stsb-dev-500.tsv")).subList(0, 40));
        beir = tmp.resolve("beir");
        Files.createDirectories(beir.resolve("qrels"));
        List<String> corpus =
                Files.readAllLines(demo.resolve("pubmedqa-200/corpus.jsonl")).subList(0, 16);
        Files.write(beir.resolve("corpus.jsonl"), corpus);
        Set<String> docIds = new HashSet<>();
        for (String line : corpus) {
            docIds.add(line.substring(line.indexOf("\"_id\":\"") + 7, line.indexOf("\",")));
        }
        List<String> queries = new ArrayList<>();
        List<String> qrels = new ArrayList<>(List.of("query-id\tcorpus-id\tscore"));
        for (String line : Files.readAllLines(demo.resolve("pubmedqa-200/queries.jsonl"))) {
            String id = line.substring(line.indexOf("\"_id\":\"") + 7, line.indexOf("\","));
            if (docIds.contains(id.substring(1)) && queries.size() < 8) {
                queries.add(line);
                qrels.add(id + "\t" + id.substring(1) + "\t1");
            }
        }
        assertEquals(8, queries.size());
        Files.write(beir.resolve("queries.jsonl"), queries);
        Files.write(beir.resolve("qrels/test.tsv"), qrels);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void evaluatesBaselineAndEndAndExportsFromAllMiniLm() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String out = tmp.resolve("run").toUri().toString();
        Config config = SparkTestSupport.config(
                tmp.resolve("data").toUri().toString(),
                out,
                "model.init=pretrained",
                "model.name=all-minilm-l6-v2",
                "train.max-length=16",
                "train.steps=2",
                "train.chunk-size=2",
                "train.learning-rate=1e-4",
                "train.warmup-steps=1",
                "eval.sts-dev=" + sts.toUri(),
                "eval.retrieval=" + beir.toUri(),
                "eval.max-length=64",
                "eval.batch-size=16");
        StageOutcome outcome = new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(config), hc))
                .run(config, false);

        List<Map<String, Object>> evals = MetricsLog.read(outcome.metricsUri(), hc).stream()
                .filter(r -> "eval".equals(r.get("type")))
                .toList();
        assertEquals(2, evals.size(), evals.toString());
        assertEquals(Boolean.TRUE, evals.get(0).get("baseline"));
        assertEquals(0, ((Number) evals.get(0).get("step")).intValue());
        assertEquals(2, ((Number) evals.get(1).get("step")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Number> baseline = (Map<String, Number>) evals.get(0).get("metrics");
        double stsBaseline = baseline.get("sts-dev/spearman").doubleValue();
        assertTrue(stsBaseline > 0.6, "all-MiniLM-L6-v2 on 40 STS-B dev pairs: " + stsBaseline);
        assertTrue(baseline.get("retrieval/ndcg@10").doubleValue() > 0.5, baseline.toString());

        // the baseline line is the eval module's figure for the built-in model itself
        EncoderModel builtIn = PretrainedModels.load("all-minilm-l6-v2");
        TextEmbedder embedder = TextEmbedder.of(builtIn, 64, 16);
        double reference;
        try (BufferedReader r = Files.newBufferedReader(sts, StandardCharsets.UTF_8)) {
            reference = new StsEvaluator(new BatchingEncoder(embedder::embed, 16, EncodingProgress.silent()))
                    .evaluate(StsDatasetReader.readAutoDetected(r, sts.toString()))
                    .spearman();
        }
        assertEquals(reference, stsBaseline, 1e-9);

        EncoderModel exported = HfModelDirectory.read(outcome.modelDirUri(), hc);
        assertEquals(builtIn.config().hidden(), exported.config().hidden());
        assertFalse(outcome.finalMetrics().isEmpty());
        assertTrue(Files.size(Path.of(java.net.URI.create(outcome.chartUri()))) > 1000);
    }
}
