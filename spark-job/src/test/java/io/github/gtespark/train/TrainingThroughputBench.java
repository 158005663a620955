package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.train.metrics.MetricsLog;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): throughput of the distributed gradient-cached step on local[2] for a BERT of the
 * all-MiniLM-L6-v2 shape (6 layers, hidden 384, 12 heads, intermediate 1536, vocabulary 30522; random weights: the
 * cost does not depend on them), and the split of each averaging round into worker compute and the rest (reading
 * the round's batches, broadcasting parameters + optimizer state, tree-aggregating and averaging them).
 *
 * <pre>java -cp ... io.github.gtespark.train.TrainingThroughputBench [N] [L] [chunk] [averagingFrequency] [rounds]</pre>
 *
 * Synthetic shards with full-length sequences (every token real). Prints one line per round and a summary that
 * excludes the first (warm-up) round.
 */
public final class TrainingThroughputBench {

    private TrainingThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int l = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int freq = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path dir = Files.createTempDirectory("gte-bench");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("train-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            FullLengthShards.write(spark, dir.resolve("data"), 2 * freq * rounds, n, l, 30522, 5);
            Config config = StageConfigLoader.load(null, List.of(
                    "data.uri=" + dir.resolve("data").toUri(), "output.uri=" + dir.resolve("run").toUri(),
                    "model.init=random", "model.random.max-positions=512", "train.workers=2",
                    "train.averaging-frequency=" + freq, "train.steps=" + (freq * rounds), "train.max-length=" + l,
                    "train.chunk-size=" + chunk, "train.warmup-steps=1", "train.learning-rate=1e-4"),
                    StageSettings.DEFAULTS_RESOURCE);
            StageOutcome outcome = new StageTrainer(spark, ProductionComponents.forStage(StageSettings.from(config), spark.sparkContext().hadoopConfiguration()))
                    .run(config, false);
            List<Map<String, Object>> train = new ArrayList<>();
            for (Map<String, Object> r : MetricsLog.read(outcome.metricsUri(), spark.sparkContext().hadoopConfiguration())) {
                if ("train".equals(r.get("type"))) {
                    train.add(r);
                }
            }
            double pairs = 0;
            double wall = 0;
            double compute = 0;
            double data = 0;
            for (int i = 0; i < train.size(); i++) {
                Map<String, Object> r = train.get(i);
                double rw = ((Number) r.get("round_seconds")).doubleValue();
                double rc = ((Number) r.get("compute_seconds")).doubleValue();
                double rp = ((Number) r.get("pairs")).doubleValue();
                double rd = ((Number) r.get("data_seconds")).doubleValue();
                System.out.printf("round %d: %.0f pairs, %.2f s wall = %.2f s data + %.2f s slowest-worker compute + "
                        + "%.2f s synchronisation (broadcast, task results, averaging of parameters + Adam state), "
                        + "%.2f pairs/s%n", i + 1, rp, rw, rd, rc, rw - rc - rd, rp / rw);
                if (i > 0) {
                    pairs += rp;
                    wall += rw;
                    compute += rc;
                    data += rd;
                }
            }
            System.out.printf("SUMMARY N=%d L=%d chunk=%d averaging-frequency=%d workers=2 rounds=%d (first excluded): "
                    + "%.2f pairs/s; per round %.2f s wall = %.2f s data + %.2f s compute + %.2f s synchronisation "
                    + "(%.1f%%)%n", n, l, chunk, freq, train.size() - 1, pairs / wall, wall / (train.size() - 1),
                    data / (train.size() - 1), compute / (train.size() - 1), (wall - compute - data) / (train.size() - 1),
                    100 * (wall - compute - data) / wall);
        } finally {
            spark.stop();
        }
    }
}
