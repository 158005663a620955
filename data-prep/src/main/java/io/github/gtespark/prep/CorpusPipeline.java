package io.github.gtespark.prep;

import com.typesafe.config.Config;
import io.github.gtespark.config.ResolvedConfig;
import io.github.gtespark.fs.SuccessMarker;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.output.CountsTable;
import io.github.gtespark.prep.output.ExclusionWriter;
import io.github.gtespark.prep.output.ManifestWriter;
import io.github.gtespark.prep.output.RunStatsWriter;
import io.github.gtespark.prep.output.ShardRows;
import io.github.gtespark.prep.output.ShardWriter;
import io.github.gtespark.prep.output.SourceCounts;
import io.github.gtespark.prep.output.StepTiming;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.prep.sample.BatchSampler;
import io.github.gtespark.prep.sample.SampledBatches;
import io.github.gtespark.prep.source.CorpusSourceReader;
import io.github.gtespark.prep.step.CorpusStep;
import io.github.gtespark.prep.step.StepContext;
import io.github.gtespark.prep.step.StepLedger;
import io.github.gtespark.prep.step.StepTimer;
import io.github.gtespark.prep.tokenize.TokenizeStep;
import io.github.gtespark.prep.tokenize.TokenizerLoader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The corpus-preparation job: read sources, run the steps of {@link CorpusSteps} (clean and filter, decontaminate,
 * deduplicate exactly and near) and tokenize, sample sources multinomially into single-source duplicate-free
 * batches, write Parquet shards, exclusions, manifest.json, run-stats.json (timings), resolved-config.conf and,
 * last, {@code _SUCCESS}. The {@link StepLedger} counts what every step dropped and why; the run fails unless
 * {@code read == kept + sum(excluded)} holds for every source.
 */
public final class CorpusPipeline {

    private final SparkSession spark;
    private final PrepareCorpusSettings settings;
    private final Config resolvedConfig;
    private final Consumer<String> progress;

    public CorpusPipeline(
            SparkSession spark, PrepareCorpusSettings settings, Config resolvedConfig, Consumer<String> progress) {
        this.spark = spark;
        this.settings = settings;
        this.resolvedConfig = resolvedConfig;
        this.progress = progress;
    }

    /** What a run produced. */
    public record Result(
            List<SourceCounts> sources,
            List<StepTiming> timings,
            long pairs,
            long batches,
            List<String> shards,
            Map<String, Object> manifest) {}

    public Result run() throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        String out = settings.output();
        SuccessMarker.remove(out, hadoop);
        int partitions = settings.partitions() > 0 ? settings.partitions() : Math.max(2, jsc.defaultParallelism() * 2);
        StepContext ctx = new StepContext(
                jsc, partitions, jsc.broadcast(TokenizerLoader.load(settings.tokenizer(), hadoop)), progress);
        List<SourceCounts> counts = SourceCounts.of(settings.sources());
        try (StepTimer timer = new StepTimer(spark, progress)) {
            StepLedger ledger = new StepLedger(counts, timer);

            // read -> steps -> tokenize
            JavaRDD<PairRecord> pairs = ledger.read(readSources().repartition(partitions));
            for (CorpusStep step : CorpusSteps.from(settings)) {
                pairs = ledger.run(step, pairs, ctx);
            }
            JavaRDD<TokenizedPair> tokenized = ledger.tokenize(new TokenizeStep(settings.maxLength()), pairs, ctx);

            // sample -> batch -> write shards
            long t0 = timer.start();
            SampledBatches sampled = new BatchSampler(settings).sample(jsc, tokenized, counts, ledger.kept());
            ShardWriter.removeStale(out, hadoop);
            boolean scored = settings.sources().stream().anyMatch(SourceSpec::hasScore);
            List<String> shards = ShardWriter.write(
                    spark,
                    ShardRows.of(
                            tokenized,
                            sampled.slots(),
                            partitions,
                            sampled.totalBatches(),
                            settings.batchSize(),
                            settings.batchesPerShard(),
                            scored),
                    scored,
                    out,
                    hadoop);
            long written = sampled.totalBatches() * settings.batchSize();
            timer.stop("sample+write", ledger.kept(), written, t0);

            // exclusions, manifest, run stats, resolved config, _SUCCESS
            t0 = System.nanoTime();
            ExclusionWriter.write(spark, ledger.exclusions(), out, settings.exclusionsFormat());
            int hardNegatives = tokenized.map(t -> t.negIds().length).fold(0, Math::max);
            Map<String, Object> manifest = ManifestWriter.manifest(
                    settings, written, sampled.totalBatches(), hardNegatives, shards, counts, sampled.targetPairs());
            ManifestWriter.write(manifest, out, hadoop);
            RunStatsWriter.write(
                    timer.timings(), jsc.defaultParallelism(), PrepareCorpusJob.peakHeapBytes(), out, hadoop);
            ResolvedConfig.write(resolvedConfig, out, hadoop);
            SuccessMarker.write(out, hadoop);
            progress.accept(String.format(
                    Locale.ROOT,
                    "wrote exclusions, manifest, config, _SUCCESS in %.1f s",
                    (System.nanoTime() - t0) / 1e9));
            ledger.release();
            tokenized.unpersist(false);
            sampled.release();
            return new Result(counts, timer.timings(), written, sampled.totalBatches(), shards, manifest);
        }
    }

    /** All configured sources, as the readers' outcomes (pairs read and malformed input). */
    private JavaRDD<Outcome> readSources() {
        JavaRDD<Outcome> read = null;
        for (SourceSpec s : settings.sources()) {
            JavaRDD<Outcome> r = CorpusSourceReader.read(spark, s);
            read = read == null ? r : read.union(r);
        }
        return read;
    }

    /** The per-source table printed at the end of a run. */
    public static String table(Result r) {
        return CountsTable.render(r.sources());
    }
}
