package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.device.NativeVariantSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The training job's main class: runs one stage (pre-training or fine-tuning) on Spark.
 *
 * <pre>
 * TrainStageJob --conf conf/pretrain.conf [--resume] [key=value ...]
 * </pre>
 *
 * The configuration file is a local path or a Hadoop FileSystem URI ({@code hdfs://...}, read with the
 * submission's {@code spark.hadoop.*} settings): in cluster deploy mode on a standalone master or Kubernetes
 * {@code scripts/train-stage} stages it under {@code output.uri/_staging} and passes the URI.
 *
 * The master comes from spark-submit ({@code local[*]} when started without one). Exit codes: 0 done, 2 bad
 * arguments or configuration, 3 non-finite loss (the last good checkpoint is kept), 1 any other failure. On success
 * the last lines are {@code checkpoint=}, {@code chart=}, {@code metrics=} and {@code model=} with URIs.
 */
public final class TrainStageJob {

    /**
     * Spark settings the job sets unless the submission does. Every averaging round brings each worker's parameters
     * and AdamW state (12 bytes per parameter: 273 MB for all-MiniLM-L6-v2) back to the driver through
     * treeAggregate, about sqrt(workers) of them in the last level: Spark's default 1g cap on a job's results
     * fails the round from 4 workers on (the driver's memory is the real bound), and results above the 200 MB
     * default of maxRemoteBlockSizeFetchToMem take a detour through a temporary file (1.5-2x slower
     * synchronisation, docs/benchmarks.md "Training job").
     */
    static final Map<String, String> RESULT_TRANSFER_DEFAULTS = Map.of(
            "spark.driver.maxResultSize", "0",
            "spark.network.maxRemoteBlockSizeFetchToMem", "512m");

    /**
     * Environment of executor JVMs the job sets unless the submission does ({@code spark.executorEnv.*}): ND4J's
     * native threads. Every task runs its own training step, so a task's ND4J ops get {@code spark.task.cpus} threads
     * (default 1), not one per core of the machine (ND4J's default: with C tasks per executor that was C x cores
     * threads on C cores); between ops the threads sleep instead of spinning (spinning cost the gradient-cached step
     * 1.8x on busy cores, docs/benchmarks.md). Local mode runs the tasks in the driver JVM, whose environment comes
     * from the launcher ({@code scripts/train-stage}).
     */
    static Map<String, String> executorEnvDefaults(SparkConf submitted) {
        return Map.of(
                "spark.executorEnv.OMP_NUM_THREADS",
                submitted.get("spark.task.cpus", "1"),
                "spark.executorEnv.OMP_WAIT_POLICY",
                "PASSIVE");
    }

    private TrainStageJob() {}

    public static void main(String[] args) {
        NativeVariantSelection.selectForThisJvm();
        System.exit(run(args));
    }

    static int run(String[] args) {
        String conf = null;
        boolean resume = false;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--conf") && i + 1 < args.length) {
                conf = args[++i];
            } else if (a.startsWith("--conf=")) {
                conf = a.substring("--conf=".length());
            } else if (a.equals("--resume")) {
                resume = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                return 0;
            } else if (a.contains("=") && !a.startsWith("-")) {
                overrides.add(a);
            } else {
                System.err.println("unknown argument: " + a + "\n" + usage());
                return 2;
            }
        }
        if (conf == null) {
            System.err.println("--conf is required\n" + usage());
            return 2;
        }
        Config config;
        SparkConf sparkConf = new SparkConf();
        try {
            config = LocationResolver.resolveAll(
                    StageConfigLoader.load(
                            conf,
                            StageConfigLoader.isUri(conf) ? hadoopConfiguration(sparkConf) : null,
                            overrides,
                            StageSettings.DEFAULTS_RESOURCE),
                    LocationResolver.defaultBase());
            System.err.println("configuration: " + conf
                    + (overrides.isEmpty() ? "" : " with " + overrides.size() + " override(s)"));
            StageSettings settings = StageSettings.from(config);
            checkScoresBeforeSpark(settings, sparkConf);
        } catch (ConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        System.setProperty("java.awt.headless", "true");
        showProgressLog();
        SparkSession.Builder builder = SparkSession.builder().appName("gte-train-" + config.getString("stage"));
        if (!sparkConf.contains("spark.master")) {
            builder.master("local[*]");
        }
        Map<String, String> defaults = new java.util.TreeMap<>(RESULT_TRANSFER_DEFAULTS);
        defaults.putAll(executorEnvDefaults(sparkConf));
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            if (!sparkConf.contains(d.getKey())) {
                builder.config(d.getKey(), d.getValue());
            }
        }
        SparkSession spark = builder.getOrCreate();
        try {
            StageComponents components = ProductionComponents.forStage(
                    StageSettings.from(config), spark.sparkContext().hadoopConfiguration());
            StageOutcome outcome = new StageTrainer(spark, components).run(config, resume);
            System.out.println("checkpoint=" + outcome.checkpointUri());
            System.out.println("chart=" + outcome.chartUri());
            System.out.println("metrics=" + outcome.metricsUri());
            System.out.println("model=" + outcome.modelDirUri());
            return 0;
        } catch (ConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (NonFiniteLossException e) {
            System.err.println("training stopped: " + e.getMessage());
            return 3;
        } catch (Exception e) {
            System.err.println("training failed: " + e);
            e.printStackTrace();
            return 1;
        } finally {
            spark.stop();
        }
    }

    /**
     * A loss that needs pair scores is checked against the data's manifest before Spark starts (the stage checks it
     * again when it reads its data); a manifest that cannot be read here is left to the stage to report.
     */
    private static void checkScoresBeforeSpark(StageSettings settings, SparkConf sparkConf) {
        if (!io.github.gtespark.loss.LossRegistry.create(settings.train().loss().spec())
                        .needsScores()
                && settings.train().loss().scoredLoss().isEmpty()) {
            return;
        }
        io.github.gtespark.train.data.ShardManifest manifest;
        try {
            manifest = io.github.gtespark.train.data.ShardManifest.read(
                    settings.dataUri(), hadoopConfiguration(sparkConf));
        } catch (java.io.IOException e) {
            return;
        }
        StageTrainer.checkScores(settings, manifest);
    }

    /**
     * The Hadoop configuration for reading a configuration file given as a URI before Spark starts: the defaults
     * (core-site.xml, hdfs-site.xml on the class path) with the submission's {@code spark.hadoop.*} settings.
     */
    private static org.apache.hadoop.conf.Configuration hadoopConfiguration(SparkConf sparkConf) {
        org.apache.hadoop.conf.Configuration hc = new org.apache.hadoop.conf.Configuration();
        for (scala.Tuple2<String, String> kv : sparkConf.getAllWithPrefix("spark.hadoop.")) {
            hc.set(kv._1(), kv._2());
        }
        return hc;
    }

    /** The per-round progress lines are INFO; Spark setups often log WARN and above only. */
    private static void showProgressLog() {
        try {
            org.apache.logging.log4j.core.config.Configurator.setLevel(
                    "io.github.gtespark", org.apache.logging.log4j.Level.INFO);
        } catch (NoClassDefFoundError e) {
            System.err.println("log4j2 not on the classpath: progress lines follow the logging configuration");
        }
    }

    static String usage() {
        return "usage: TrainStageJob --conf FILE [--resume] [key=value ...]\n"
                + "  --conf FILE   stage configuration (conf/pretrain.conf, conf/finetune.conf), a local path or a Hadoop FS URI\n"
                + "  --resume      continue from the newest checkpoint in output.uri/checkpoints\n"
                + "  key=value     override any configuration key, e.g. train.steps=100 output.uri=hdfs://nn/runs/p1";
    }
}
