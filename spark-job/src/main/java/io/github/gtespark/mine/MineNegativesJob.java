package io.github.gtespark.mine;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.encoders.EncoderSource;
import io.github.gtespark.encoders.EncoderSourceException;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.source.InputFiles;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Main class of {@code scripts/mine-negatives} ({@link MineNegativesCommandLine} for the arguments, {@link MiningJob}
 * for what it does). Arguments, the model reference and the input paths are checked before Spark starts: a bad
 * one is a one-line error and exit status 2. Any later failure: exit status 1. The last line is {@code output=URI}.
 */
public final class MineNegativesJob {

    private MineNegativesJob() {}

    public static void main(String[] args) {
        NativeVariantSelection.selectForThisJvm();
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(MineNegativesCommandLine.USAGE);
            return 0;
        }
        Config config;
        MiningSettings settings;
        try {
            config = MineNegativesCommandLine.parse(args);
            settings = check(config);
        } catch (ConfigurationException | EncoderSourceException | UncheckedIOException e) {
            System.err.println("mine-negatives: " + oneLine(e.getMessage()));
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName("mine-negatives");
        if (!conf.contains("spark.master")) {
            conf.setMaster(settings.master());
        }
        if (!conf.contains("spark.executorEnv.OMP_WAIT_POLICY")) {
            conf.set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            progress("master " + spark.sparkContext().master() + ", model " + settings.model() + ", "
                    + settings.inputs().size() + " input(s), "
                    + settings.corpus().size() + " corpus source(s)");
            MiningJob.Result r = new MiningJob(spark, settings, config, MineNegativesJob::progress).run();
            printTable(r, settings);
            System.out.println("output=" + settings.output());
            return 0;
        } catch (Throwable e) {
            System.err.println("mine-negatives: FAILED: " + oneLine(String.valueOf(rootMessage(e))));
            if (System.getenv("GTE_DEBUG") != null) {
                e.printStackTrace();
            }
            return 1;
        } finally {
            spark.stop();
        }
    }

    /** Settings, the model reference and every input path checked, without starting Spark or loading weights. */
    static MiningSettings check(Config config) {
        MiningSettings settings = MiningSettings.from(config);
        org.apache.hadoop.conf.Configuration hc = new org.apache.hadoop.conf.Configuration();
        EncoderSource.locate(settings.model(), hc);
        for (SourceSpec spec : settings.allSources()) {
            InputFiles.list(spec.name(), spec.paths(), hc);
        }
        return settings;
    }

    private static void printTable(MiningJob.Result r, MiningSettings s) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-16s %10s %10s %10s  %s%n", "input", "read", "kept", "rows", "excluded");
        for (int i = 0; i < s.inputs().size(); i++) {
            MiningCounts.Source c = r.counts().source(i);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %10d %10d %10d  %s%n",
                    s.inputs().get(i).name(),
                    c.read,
                    c.kept,
                    c.rows,
                    c.excluded);
        }
        System.out.printf(
                Locale.ROOT,
                "%n%d rows from %d queries over a pool of %d documents; negatives per row %s%n",
                r.rows(),
                r.queries(),
                r.poolDocuments(),
                r.manifest().get("negatives_per_row"));
    }

    static void progress(String line) {
        System.out.println("[mine-negatives " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
        System.out.flush();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null
                && root.getCause() != root
                && (root.getMessage() == null || root instanceof org.apache.spark.SparkException)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String oneLine(String s) {
        String first = s == null ? "" : s;
        int usage = first.indexOf("\nusage:");
        if (usage >= 0) {
            first = first.substring(0, usage);
        }
        return first.replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}
