package io.github.gtespark.prep;

import com.typesafe.config.Config;
import io.github.gtespark.config.ResolvedConfig;
import io.github.gtespark.fs.SuccessMarker;
import io.github.gtespark.prep.clean.CleanStep;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.dedup.ContaminationIndex;
import io.github.gtespark.prep.dedup.Decontaminator;
import io.github.gtespark.prep.dedup.EvaluationSetReader;
import io.github.gtespark.prep.dedup.ExactPairDeduplicator;
import io.github.gtespark.prep.dedup.NearDuplicateDocumentFilter;
import io.github.gtespark.prep.model.Exclusion;
import io.github.gtespark.prep.model.Outcome;
import io.github.gtespark.prep.model.PairRecord;
import io.github.gtespark.prep.model.TokenizedPair;
import io.github.gtespark.prep.output.CountsTable;
import io.github.gtespark.prep.output.ExclusionWriter;
import io.github.gtespark.prep.output.ManifestWriter;
import io.github.gtespark.prep.output.ShardPartitioner;
import io.github.gtespark.prep.output.ShardSchema;
import io.github.gtespark.prep.output.ShardWriter;
import io.github.gtespark.prep.output.SourceCounts;
import io.github.gtespark.prep.output.StepTiming;
import io.github.gtespark.prep.sample.BatchItem;
import io.github.gtespark.prep.sample.BatchOrder;
import io.github.gtespark.prep.sample.DuplicateFreeBatcher;
import io.github.gtespark.prep.sample.MultinomialAllocation;
import io.github.gtespark.prep.sample.SourceBatches;
import io.github.gtespark.prep.sample.SourceMixture;
import io.github.gtespark.prep.source.CorpusSourceReader;
import io.github.gtespark.prep.tokenize.TokenizeStep;
import io.github.gtespark.prep.tokenize.TokenizerLoader;
import io.github.gtespark.text.BertTokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The corpus-preparation job: read sources, clean and filter, decontaminate, deduplicate exactly and near, tokenize,
 * sample sources multinomially into single-source duplicate-free batches, write Parquet shards, exclusions,
 * manifest.json, run-stats.json (timings), resolved-config.conf and, last, {@code _SUCCESS}. Every step counts
 * what it dropped and why; the
 * run fails unless {@code read == kept + sum(excluded)} holds for every source.
 */
public final class CorpusPipeline {

    private final SparkSession spark;
    private final PrepareCorpusSettings settings;
    private final Config resolvedConfig;
    private final Consumer<String> progress;
    private final io.github.gtespark.prep.output.TaskCpuMeter cpu = new io.github.gtespark.prep.output.TaskCpuMeter();
    private double cpuAtStepStart;

    public CorpusPipeline(SparkSession spark, PrepareCorpusSettings settings, Config resolvedConfig, Consumer<String> progress) {
        this.spark = spark;
        this.settings = settings;
        this.resolvedConfig = resolvedConfig;
        this.progress = progress;
    }

    /** What a run produced. */
    public record Result(List<SourceCounts> sources, List<StepTiming> timings, long pairs, long batches,
                         List<String> shards, Map<String, Object> manifest) {
    }

    public Result run() throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        String out = settings.output();
        SuccessMarker.remove(out, hadoop);
        spark.sparkContext().addSparkListener(cpu);
        int partitions = settings.partitions() > 0 ? settings.partitions() : Math.max(2, jsc.defaultParallelism() * 2);
        List<SourceSpec> sources = settings.sources();
        List<SourceCounts> counts = new ArrayList<>();
        for (SourceSpec s : sources) {
            counts.add(new SourceCounts(s.name(), s.format().configName(), s.pairType().configName()));
        }
        List<StepTiming> timings = new ArrayList<>();
        List<JavaRDD<Outcome>> steps = new ArrayList<>();
        List<Map<Tuple2<Integer, String>, Long>> stepCounts = new ArrayList<>();

        BertTokenizer tokenizerValue = TokenizerLoader.load(settings.tokenizer(), hadoop);
        Broadcast<BertTokenizer> tokenizer = jsc.broadcast(tokenizerValue);

        // 1. read + clean
        long t0 = startStep();
        JavaRDD<Outcome> read = null;
        for (SourceSpec s : sources) {
            JavaRDD<Outcome> r = CorpusSourceReader.read(spark, s);
            read = read == null ? r : read.union(r);
        }
        CleanStep clean = new CleanStep(settings, tokenizer);
        JavaRDD<Outcome> cleaned = read.repartition(partitions)
                .flatMap(o -> o.isKept() ? clean.clean(o.kept()).iterator() : List.of(o).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<Tuple2<Integer, String>, Long> c1 = countByReason(cleaned);
        long readTotal = 0;
        for (var e : c1.entrySet()) {
            if (!e.getKey()._2().startsWith("negative:")) {
                counts.get(e.getKey()._1()).read += e.getValue();
                readTotal += e.getValue();
            }
        }
        StepLedger ledger = new StepLedger(timings, steps, stepCounts);
        ledger.record("read+clean", cleaned, c1, readTotal, t0);
        JavaRDD<PairRecord> current = keptPairs(cleaned);

        // 2. decontamination
        if (settings.decontamination()) {
            t0 = startStep();
            EvaluationSetReader eval = new EvaluationSetReader(settings.evaluationSets(), hadoop);
            ContaminationIndex index = new ContaminationIndex(eval.texts(), eval.setNames(), settings.decontaminationHashing());
            progress.accept(String.format(Locale.ROOT, "decontamination index: %d evaluation texts (%d lines skipped)",
                    index.size(), eval.skippedLines()));
            current = ledger.filter("decontaminate", Decontaminator.apply(current, jsc.broadcast(index)), t0);
        }

        // 3. exact dedup
        if (settings.exactDedup()) {
            t0 = startStep();
            current = ledger.filter("exact dedup", ExactPairDeduplicator.apply(current, sources, partitions), t0);
        }

        // 4. near dedup
        if (settings.nearDedup()) {
            t0 = startStep();
            current = ledger.filter("near dedup",
                    NearDuplicateDocumentFilter.apply(current, settings.nearDedupHashing(), partitions), t0);
        }
        long kept = ledger.kept;

        // exclusion accounting over all steps
        for (Map<Tuple2<Integer, String>, Long> sc0 : stepCounts) {
            for (var e : sc0.entrySet()) {
                String reason = e.getKey()._2();
                SourceCounts sc = counts.get(e.getKey()._1());
                if (reason.startsWith("negative:")) {
                    sc.negativesRemoved.merge(reason.substring("negative:".length()), e.getValue(), Long::sum);
                } else if (!reason.equals(KEPT)) {
                    sc.excluded.merge(reason, e.getValue(), Long::sum);
                }
            }
        }

        // 5. tokenize
        t0 = startStep();
        JavaRDD<TokenizedPair> tokenized = TokenizeStep.apply(current, tokenizer, settings.maxLength())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<Integer, Long> keptBySource = tokenized.map(TokenizedPair::sourceIndex).countByValue();
        long tokenizedCount = 0;
        for (var e : keptBySource.entrySet()) {
            counts.get(e.getKey()).kept = e.getValue();
            tokenizedCount += e.getValue();
        }
        timings.add(step("tokenize", kept, tokenizedCount, t0));
        for (SourceCounts c : counts) {
            if (!c.reconciles()) {
                throw new IllegalStateException("counts do not reconcile for source " + c.name + ": read " + c.read
                        + " != kept " + c.kept + " + excluded " + c.excludedTotal());
            }
        }

        // 6. sample + batch + write
        t0 = startStep();
        long[] n = new long[sources.size()];
        double[] w = new double[sources.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = counts.get(i).kept;
            w[i] = sources.get(i).weight();
        }
        double[] p = SourceMixture.probabilities(n, w, settings.alpha());
        long target = settings.targetPairs() > 0 ? settings.targetPairs() : tokenizedCount;
        long[] allocated = MultinomialAllocation.allocate(p, target, settings.seed());
        for (int i = 0; i < n.length; i++) {
            counts.get(i).probability = p[i];
            counts.get(i).allocated = allocated[i];
        }
        int batchSize = settings.batchSize();
        int maxOpen = settings.maxOpenBatches();
        long seed = settings.seed();
        int numSources = sources.size();
        JavaRDD<SourceBatches> batched = tokenized
                .mapToPair(t -> new Tuple2<>(t.sourceIndex(), new BatchItem(t.id(), t.queryHash(), t.docHash())))
                .partitionBy(new HashPartitioner(numSources))
                .mapPartitionsWithIndex((part, it) -> {
                    List<BatchItem> items = new ArrayList<>();
                    while (it.hasNext()) {
                        items.add(it.next()._2());
                    }
                    return List.of(DuplicateFreeBatcher.cut(part, items, allocated[part], batchSize, maxOpen,
                            seed + 1000003L * part)).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<SourceBatches> stats = batched.map(b -> new SourceBatches(b.sourceIndex(), List.of(), b.allocated(),
                b.droppedPartial(), b.droppedConflict(), b.epochs())).collect();
        int[] batchesPerSource = batched.map(b -> new int[]{b.sourceIndex(), b.batches().size()}).collect().stream()
                .collect(() -> new int[numSources], (acc, x) -> acc[x[0]] = x[1], (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                });
        long totalBatches = 0;
        for (SourceBatches b : stats) {
            SourceCounts c = counts.get(b.sourceIndex());
            c.droppedPartial = b.droppedPartial();
            c.droppedConflict = b.droppedConflict();
            c.epochs = b.epochs();
        }
        for (int i = 0; i < numSources; i++) {
            counts.get(i).batches = batchesPerSource[i];
            counts.get(i).sampled = (long) batchesPerSource[i] * batchSize;
            totalBatches += batchesPerSource[i];
        }
        if (totalBatches == 0) {
            throw new IllegalStateException("no complete batch of " + batchSize + " pairs could be formed from "
                    + tokenizedCount + " kept pairs (target " + target + ")");
        }
        Broadcast<long[][]> batchIds = jsc.broadcast(BatchOrder.shuffle(batchesPerSource, seed));
        JavaPairRDD<Long, Tuple2<Long, Integer>> slots = batched.flatMapToPair(b -> {
            List<Tuple2<Long, Tuple2<Long, Integer>>> o = new ArrayList<>();
            long[] ids = batchIds.value()[b.sourceIndex()];
            for (int j = 0; j < b.batches().size(); j++) {
                long[] batch = b.batches().get(j);
                for (int pos = 0; pos < batch.length; pos++) {
                    o.add(new Tuple2<>(batch[pos], new Tuple2<>(ids[j], pos)));
                }
            }
            return o.iterator();
        });
        int batchesPerShard = settings.batchesPerShard();
        int shards = (int) ((totalBatches + batchesPerShard - 1) / batchesPerShard);
        JavaRDD<Row> rows = tokenized.mapToPair(t -> new Tuple2<>(t.id(), t))
                .join(slots, partitions)
                .mapToPair(j -> new Tuple2<>(j._2()._2()._1() * batchSize + j._2()._2()._2(), j._2()))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(shards, batchesPerShard, batchSize))
                .map(r -> ShardSchema.row(r._2()._2()._1(), r._2()._2()._2(), r._2()._1()));
        ShardWriter.removeStale(out, hadoop);
        List<String> shardNames = ShardWriter.write(spark, rows, out, hadoop);
        long pairs = totalBatches * batchSize;
        timings.add(step("sample+write", tokenizedCount, pairs, t0));

        // exclusions, manifest, resolved config, _SUCCESS
        t0 = startStep();
        JavaRDD<Exclusion> exclusions = null;
        for (JavaRDD<Outcome> s : steps) {
            JavaRDD<Exclusion> e = s.filter(o -> !o.isKept()).map(Outcome::excluded);
            exclusions = exclusions == null ? e : exclusions.union(e);
        }
        ExclusionWriter.write(spark, exclusions, out, settings.exclusionsFormat());
        int hardNegatives = tokenized.map(t -> t.negIds().length).fold(0, Math::max);
        Map<String, Object> manifest = ManifestWriter.manifest(settings, pairs, totalBatches, hardNegatives, shardNames,
                counts, target);
        ManifestWriter.write(manifest, out, hadoop);
        io.github.gtespark.prep.output.RunStatsWriter.write(timings, jsc.defaultParallelism(),
                PrepareCorpusJob.peakHeapBytes(), out, hadoop);
        ResolvedConfig.write(resolvedConfig, out, hadoop);
        SuccessMarker.write(out, hadoop);
        progress.accept(String.format(Locale.ROOT, "wrote exclusions, manifest, config, _SUCCESS in %.1f s",
                (System.nanoTime() - t0) / 1e9));
        for (JavaRDD<Outcome> s : steps) {
            s.unpersist(false);
        }
        spark.sparkContext().removeSparkListener(cpu);
        tokenized.unpersist(false);
        batched.unpersist(false);
        return new Result(counts, timings, pairs, totalBatches, shardNames, manifest);
    }

    private static final String KEPT = "kept";

    /**
     * The books of the filtering steps: each step's persisted outcomes (kept pairs and exclusion records), its
     * counts by (source, reason), its timing, and the number of pairs still kept after it.
     */
    private final class StepLedger {
        private final List<StepTiming> timings;
        private final List<JavaRDD<Outcome>> outcomes;
        private final List<Map<Tuple2<Integer, String>, Long>> counts;
        private long kept;

        StepLedger(List<StepTiming> timings, List<JavaRDD<Outcome>> outcomes, List<Map<Tuple2<Integer, String>, Long>> counts) {
            this.timings = timings;
            this.outcomes = outcomes;
            this.counts = counts;
        }

        /** Books a step whose outcomes are already persisted and counted; {@code in} pairs entered it. */
        void record(String name, JavaRDD<Outcome> stepOutcomes, Map<Tuple2<Integer, String>, Long> stepCounts, long in, long t0) {
            counts.add(stepCounts);
            kept = keptOf(stepCounts);
            timings.add(step(name, in, kept, t0));
            outcomes.add(stepOutcomes);
        }

        /** Runs a filtering step on the pairs kept so far, books it, and returns the pairs it keeps. */
        JavaRDD<PairRecord> filter(String name, JavaRDD<Outcome> stepOutcomes, long t0) {
            JavaRDD<Outcome> persisted = stepOutcomes.persist(StorageLevel.MEMORY_AND_DISK());
            record(name, persisted, countByReason(persisted), kept, t0);
            return keptPairs(persisted);
        }
    }

    private long startStep() {
        cpuAtStepStart = cpu.cpuSeconds();
        return System.nanoTime();
    }

    private StepTiming step(String name, long in, long outCount, long t0) {
        double wall = (System.nanoTime() - t0) / 1e9;
        // task-end events arrive asynchronously on the listener bus (Spark-internal API, public in bytecode):
        // wait briefly until the last ones are delivered; on timeout the CPU figure is merely a little low
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(2000);
        } catch (java.util.concurrent.TimeoutException e) {
            progress.accept("note: listener bus busy, task CPU of step " + name + " may be incomplete");
        }
        StepTiming t = new StepTiming(name, in, outCount, wall, cpu.cpuSeconds() - cpuAtStepStart);
        progress.accept(String.format(Locale.ROOT,
                "step %-13s %9d -> %9d pairs in %7.2f s (%,.0f pairs/s), task CPU %.2f s (%,.0f pairs per CPU-s)",
                name, in, outCount, t.seconds(), t.pairsPerSecond(), t.cpuSeconds(), t.pairsPerCpuSecond()));
        return t;
    }

    private static JavaRDD<PairRecord> keptPairs(JavaRDD<Outcome> outcomes) {
        return outcomes.filter(Outcome::isKept).map(Outcome::kept);
    }

    /** Counts outcomes by (source index, reason); kept pairs under "kept", removed negatives under "negative:reason". */
    static Map<Tuple2<Integer, String>, Long> countByReason(JavaRDD<Outcome> outcomes) {
        return outcomes.mapToPair(o -> {
            if (o.isKept()) {
                return new Tuple2<>(new Tuple2<>(o.kept().sourceIndex(), KEPT), 1L);
            }
            Exclusion e = o.excluded();
            return new Tuple2<>(new Tuple2<>(e.sourceIndex(), e.isPair() ? e.reason() : "negative:" + e.reason()), 1L);
        }).reduceByKey(Long::sum).collectAsMap();
    }

    private static long keptOf(Map<Tuple2<Integer, String>, Long> counts) {
        long k = 0;
        for (var e : counts.entrySet()) {
            if (e.getKey()._2().equals(KEPT)) {
                k += e.getValue();
            }
        }
        return k;
    }

    /** The per-source table printed at the end of a run. */
    public static String table(Result r) {
        return CountsTable.render(r.sources());
    }
}
