package io.github.gtespark.prep;

import com.typesafe.config.Config;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the corpus-preparation Spark job (see {@link PrepareCorpusCommandLine} for the arguments and
 * {@link CorpusPipeline} for what it does). Runs on {@code local[*]} unless a master is given. Exits with status 1
 * and a one-line reason on failure.
 */
public final class PrepareCorpusJob {

    private PrepareCorpusJob() {}

    public static void main(String[] args) {
        int status;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println(PrepareCorpusCommandLine.USAGE);
                return;
            }
            run(args);
            status = 0;
        } catch (Throwable e) {
            System.err.println("prepare-corpus: FAILED: " + oneLine(e));
            if (System.getenv("GTE_DEBUG") != null) {
                e.printStackTrace();
            }
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the job with a session it creates and stops. */
    public static CorpusPipeline.Result run(String[] args) throws Exception {
        Config config = PrepareCorpusCommandLine.parse(args);
        PrepareCorpusSettings settings = PrepareCorpusSettings.from(config);
        if (settings.skipIfDone()
                && OutputStatus.complete(settings.output(), new org.apache.hadoop.conf.Configuration())) {
            progress("skip-if-done: " + settings.output() + " already has _SUCCESS, nothing to do");
            return null;
        }
        SparkConf conf = new SparkConf().setAppName("prepare-corpus");
        if (!conf.contains("spark.master")) {
            conf.setMaster(settings.master());
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            progress("master " + spark.sparkContext().master() + ", "
                    + settings.sources().size() + " sources, output " + settings.output());
            CorpusPipeline.Result result =
                    new CorpusPipeline(spark, settings, config, PrepareCorpusJob::progress).run();
            System.out.println();
            System.out.print(CorpusPipeline.table(result));
            System.out.printf(
                    Locale.ROOT,
                    "%n%d pairs in %d batches of %d, %d shard(s) in %s; peak heap %.0f MB%n",
                    result.pairs(),
                    result.batches(),
                    settings.batchSize(),
                    result.shards().size(),
                    settings.output(),
                    peakHeapBytes() / 1e6);
            return result;
        } finally {
            spark.stop();
        }
    }

    static void progress(String line) {
        System.out.println("[prepare-corpus " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
        System.out.flush();
    }

    /** Sum of the peak usage of the heap memory pools of this JVM (driver = executor in local mode). */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null
                && root.getCause() != root
                && (root.getMessage() == null || root instanceof org.apache.spark.SparkException)) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}
