package io.github.gtespark.mine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.github.gtespark.config.ResolvedConfig;
import io.github.gtespark.fs.SuccessMarker;
import io.github.gtespark.prep.clean.TextCleaner;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import io.github.gtespark.prep.source.CorpusSourceReader;
import io.github.gtespark.prep.source.InputFiles;
import io.github.gtespark.prep.source.SerializableHadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The hard-negative mining job. Inputs (query -> positive sources, read with prepare-corpus's readers and cleaned
 * with its {@link TextCleaner}) are grouped into query rows (input, query, distinct positives P). The pool is every
 * distinct positive text plus every corpus document, numbered in text order ({@link String#compareTo}). Executors
 * embed pool documents (passages) and queries with one {@link ExecutorEmbedders} embedder per JVM; the pool is
 * searched exactly: every query block meets every document block in one task ({@link BlockedTopKSearch}: a GEMM
 * and per-query heaps), and the per-block top lists and positive rank counts of a query block are merged. Each row's
 * ranking head (deep enough for {@code range-max} candidates after P's exclusions: {@code range-max + |P| x} the
 * largest number of pool texts sharing one normalised form) then goes through {@link MiningRules}.
 *
 * <p>Output under {@code output}: {@code part-NNNNN.jsonl} ({@code {"query", "pos", "neg", "pos_score",
 * "neg_score", "neg_rank"}}, rows in (input, query) order), {@code exclusions/part-NNNNN.jsonl},
 * {@code manifest.json} ({@link MiningManifest}), {@code resolved-config.conf} and, last, {@code _SUCCESS}.
 * Per input, {@code read == kept + sum(excluded)} in pairs (a malformed line counts as one pair read); the run
 * fails otherwise.
 */
public final class MiningJob {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAIR = "";
    public static final String EXCLUSIONS_DIR = "exclusions";

    private final SparkSession spark;
    private final MiningSettings s;
    private final Config resolvedConfig;
    private final Consumer<String> progress;

    public MiningJob(SparkSession spark, MiningSettings settings, Config resolvedConfig, Consumer<String> progress) {
        this.spark = spark;
        this.s = settings;
        this.resolvedConfig = resolvedConfig;
        this.progress = progress;
    }

    /** What a run wrote: the counts and the manifest. */
    public record Result(
            MiningCounts counts, Map<String, Object> manifest, long poolDocuments, long queries, long rows) {}

    public Result run() throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        String out = s.output();
        SuccessMarker.remove(out, hadoop);
        clearOutputs(out, hadoop);
        MiningProgress listener = new MiningProgress(progress, 10);
        spark.sparkContext().addSparkListener(listener);
        long t0 = System.nanoTime();
        try {
            return mine(jsc, hadoop, out, t0);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    private Result mine(JavaSparkContext jsc, Configuration hadoop, String out, long t0) throws IOException {
        List<SourceSpec> all = s.allSources();
        int inputCount = s.inputs().size();
        int partitions = s.partitions() > 0 ? s.partitions() : Math.max(2, jsc.defaultParallelism() * 2);
        String[] names = all.stream().map(SourceSpec::name).toArray(String[]::new);
        List<List<String>> files = new ArrayList<>();
        for (SourceSpec spec : all) {
            files.add(InputFiles.list(spec.name(), spec.paths(), hadoop));
        }
        Broadcast<List<List<String>>> fileNames = jsc.broadcast(files);
        MiningRules rules = MiningRules.of(s);

        // 1. read and clean
        jsc.setJobDescription("read");
        JavaRDD<InputRecord> read = null;
        for (SourceSpec spec : all) {
            JavaRDD<Outcome> r = CorpusSourceReader.read(spark, spec);
            JavaRDD<InputRecord> rec = r.map(o -> record(o, inputCount, names, fileNames.value()));
            read = read == null ? rec : read.union(rec);
        }
        JavaRDD<InputRecord> records = read.repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK());
        MiningCounts counts = new MiningCounts(all.size(), s.numNegatives());
        Map<Tuple2<Integer, String>, Long> readCounts = records.mapToPair(r -> new Tuple2<>(
                        new Tuple2<>(
                                r.source(),
                                r.excluded() == null ? PAIR : r.excluded().reason()),
                        1L))
                .reduceByKey(Long::sum)
                .collectAsMap();
        long[] valid = new long[all.size()];
        for (var e : readCounts.entrySet()) {
            int src = e.getKey()._1();
            counts.source(src).read += e.getValue();
            if (e.getKey()._2().equals(PAIR)) {
                valid[src] += e.getValue();
            } else {
                counts.exclude(src, e.getKey()._2(), e.getValue());
            }
        }
        progress.accept(String.format(
                Locale.ROOT,
                "read %d units from %d input(s) and %d corpus source(s) in %.1f s",
                readCounts.values().stream().mapToLong(Long::longValue).sum(),
                inputCount,
                s.corpus().size(),
                (System.nanoTime() - t0) / 1e9));

        // 2. query rows: (input, query) -> distinct positives; repeated pairs are duplicates
        jsc.setJobDescription("group queries");
        JavaPairRDD<String, List<String>> grouped = records.filter(r -> r.excluded() == null && r.source() < inputCount)
                .mapToPair(r -> new Tuple2<>(rowKey(r.source(), r.query()), r.doc()))
                .groupByKey(partitions)
                .mapValues(docs -> {
                    List<String> l = new ArrayList<>();
                    docs.forEach(l::add);
                    return l;
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<MiningExclusion> duplicates = grouped.flatMap(g -> {
            List<MiningExclusion> dup = new ArrayList<>();
            TreeSet<String> seen = new TreeSet<>();
            int src = sourceOf(g._1());
            for (String d : g._2()) {
                if (!seen.add(d)) {
                    dup.add(MiningExclusion.ofPair(
                            src, names[src], MiningExclusion.DUPLICATE_PAIR, queryOf(g._1()), d, null, null));
                }
            }
            return dup.iterator();
        });
        JavaRDD<QueryRow> rows = grouped.sortByKey(true, partitions)
                .zipWithIndex()
                .map(e -> new QueryRow(
                        e._2(),
                        sourceOf(e._1()._1()),
                        queryOf(e._1()._1()),
                        new TreeSet<>(e._1()._2()).toArray(new String[0])))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long queries = rows.count();

        // 3. the pool, numbered in text order
        jsc.setJobDescription("pool");
        JavaPairRDD<Long, String> pool = records.filter(r -> r.excluded() == null)
                .map(InputRecord::doc)
                .distinct(partitions)
                .sortBy(t -> t, true, partitions)
                .zipWithIndex()
                .mapToPair(e -> new Tuple2<>(e._2(), e._1()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long poolSize = pool.count();
        for (int i = inputCount; i < all.size(); i++) {
            counts.source(i).kept = valid[i];
        }
        if (queries == 0 || poolSize == 0) {
            progress.accept("nothing to mine: " + queries + " queries, " + poolSize + " pool documents");
            return finish(jsc, hadoop, out, counts, jsc.emptyRDD(), records, duplicates, poolSize, queries, 0, 0, t0);
        }
        long maxShared = pool.mapToPair(e -> new Tuple2<>(NormalizedText.of(e._2()), 1L))
                .reduceByKey(Long::sum)
                .values()
                .fold(0L, Math::max);
        progress.accept(String.format(
                Locale.ROOT,
                "%d queries, pool of %d documents (at most %d share a normalised text)",
                queries,
                poolSize,
                maxShared));

        // 4. embed the pool in document blocks
        String model = s.model();
        int maxLength = s.maxLength();
        int batch = s.embedBatchSize();
        SerializableHadoopConf hc = new SerializableHadoopConf(hadoop);
        int db = s.docBlockSize();
        int docBlocks = (int) ((poolSize + db - 1) / db);
        jsc.setJobDescription("embed pool");
        long te = System.nanoTime();
        JavaRDD<VectorBlock> documents = pool.mapToPair(e -> new Tuple2<>(e._1() / db, e))
                .groupByKey(new HashPartitioner(docBlocks))
                .map(g -> {
                    List<Tuple2<Long, String>> docs = new ArrayList<>();
                    g._2().forEach(docs::add);
                    docs.sort(Comparator.comparing(Tuple2::_1));
                    List<String> texts = new ArrayList<>(docs.size());
                    docs.forEach(d -> texts.add(d._2()));
                    return ExecutorEmbedders.embed(
                            model, maxLength, batch, hc.get(), docs.get(0)._1(), texts, false);
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        documents.count();
        double embedSeconds = (System.nanoTime() - te) / 1e9;
        progress.accept(String.format(
                Locale.ROOT,
                "embedded %d pool documents in %d block(s) in %.1f s (%.1f docs/s)",
                poolSize,
                docBlocks,
                embedSeconds,
                poolSize / embedSeconds));

        // 5. the positives' pool ids and vectors
        jsc.setJobDescription("positives");
        JavaPairRDD<String, Long> poolIdByText = pool.mapToPair(e -> new Tuple2<>(e._2(), e._1()));
        JavaPairRDD<Long, PositiveVector> positiveRefs = rows.flatMapToPair(r -> {
                    List<Tuple2<String, PositiveVector>> l = new ArrayList<>();
                    for (int slot = 0; slot < r.positives().length; slot++) {
                        l.add(new Tuple2<>(r.positives()[slot], new PositiveVector(r.rowId(), slot, -1, null)));
                    }
                    return l.iterator();
                })
                .join(poolIdByText, partitions)
                .mapToPair(e -> new Tuple2<>(
                        e._2()._2(),
                        new PositiveVector(e._2()._1().rowId(), e._2()._1().slot(), e._2()._2(), null)));
        JavaPairRDD<Long, float[]> docVectors = documents.flatMapToPair(b -> {
            List<Tuple2<Long, float[]>> l = new ArrayList<>(b.rows());
            for (int r = 0; r < b.rows(); r++) {
                l.add(new Tuple2<>(b.firstId() + r, b.row(r)));
            }
            return l.iterator();
        });
        JavaPairRDD<Long, Iterable<PositiveVector>> positivesByRow = positiveRefs
                .join(docVectors, partitions)
                .mapToPair(e -> new Tuple2<>(
                        e._2()._1().rowId(),
                        new PositiveVector(e._2()._1().rowId(), e._2()._1().slot(), e._1(), e._2()._2())))
                .groupByKey(partitions);

        // 6. embed the queries in query blocks
        int qb = s.queryBlockSize();
        int queryBlocks = (int) ((queries + qb - 1) / qb);
        boolean ranks = rules.consistencyFilter();
        long shared = maxShared;
        jsc.setJobDescription("embed queries");
        JavaRDD<QueryBlock> queryVectors = rows.mapToPair(r -> new Tuple2<>(r.rowId(), r))
                .join(positivesByRow, partitions)
                .mapToPair(e -> new Tuple2<>(e._1() / qb, e._2()))
                .groupByKey(new HashPartitioner(queryBlocks))
                .map(g -> {
                    List<Tuple2<QueryRow, Iterable<PositiveVector>>> block = new ArrayList<>();
                    g._2().forEach(block::add);
                    block.sort(Comparator.comparingLong(b -> b._1().rowId()));
                    List<String> texts = new ArrayList<>(block.size());
                    block.forEach(b -> texts.add(b._1().query()));
                    VectorBlock qv = ExecutorEmbedders.embed(
                            model, maxLength, batch, hc.get(), block.get(0)._1().rowId(), texts, true);
                    int n = block.size();
                    int[] depth = new int[n];
                    long[][] ids = new long[n][];
                    float[][] scores = new float[n][];
                    for (int i = 0; i < n; i++) {
                        QueryRow row = block.get(i)._1();
                        PositiveVector[] pv = new PositiveVector[row.positives().length];
                        block.get(i)._2().forEach(p -> pv[p.slot()] = p);
                        float[] q = qv.row(i);
                        float[] ps = new float[pv.length];
                        long[] pid = new long[pv.length];
                        for (int p = 0; p < pv.length; p++) {
                            ps[p] = BlockedTopKSearch.dot(q, pv[p].vector());
                            pid[p] = pv[p].docId();
                        }
                        depth[i] = rules.rankingDepth(pv.length * shared, Long.MAX_VALUE);
                        ids[i] = pid;
                        scores[i] = ps;
                    }
                    return new QueryBlock(qv, depth, ids, scores);
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        queryVectors.count();
        progress.accept(String.format(
                Locale.ROOT,
                "embedded %d queries in %d block(s); searching %d x %d blocks",
                queries,
                queryBlocks,
                queryBlocks,
                docBlocks));

        if (s.dumpVectors()) {
            dumpVectors(documents, queryVectors, pool, rows, out, hadoop);
        }

        // 7. exact search: every query block x every document block, merged per query block
        jsc.setJobDescription("search");
        long ts = System.nanoTime();
        JavaPairRDD<Long, BlockResult> results = queryVectors
                .cartesian(documents)
                .mapToPair(p -> new Tuple2<>(p._1().queries().firstId(), BlockedTopKSearch.search(p._1(), p._2())))
                .reduceByKey(BlockedTopKSearch::merge, queryBlocks);
        JavaPairRDD<Long, QueryHits> hits = results.flatMapToPair(r -> {
                    List<Tuple2<Long, QueryHits>> l = new ArrayList<>(r._2().hits().length);
                    for (int i = 0; i < r._2().hits().length; i++) {
                        l.add(new Tuple2<>(r._1() + i, r._2().hits()[i]));
                    }
                    return l.iterator();
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        hits.count();
        double searchSeconds = (System.nanoTime() - ts) / 1e9;
        progress.accept(String.format(
                Locale.ROOT,
                "searched %d x %d scores in %.1f s (%.3g scores/s)",
                queries,
                poolSize,
                searchSeconds,
                queries * (double) poolSize / searchSeconds));

        // 8. texts of the ranked documents, then the rules
        jsc.setJobDescription("select");
        JavaPairRDD<Long, Iterable<RankedRef>> rankedTexts = hits.flatMapToPair(h -> {
                    List<Tuple2<Long, RankedRef>> l = new ArrayList<>(h._2().ids().length);
                    for (int j = 0; j < h._2().ids().length; j++) {
                        l.add(new Tuple2<>(
                                h._2().ids()[j], new RankedRef(h._1(), j, h._2().scores()[j], null)));
                    }
                    return l.iterator();
                })
                .join(pool, partitions)
                .mapToPair(e -> new Tuple2<>(
                        e._2()._1().rowId(),
                        new RankedRef(
                                e._2()._1().rowId(),
                                e._2()._1().position(),
                                e._2()._1().score(),
                                e._2()._2())))
                .groupByKey(partitions);
        JavaRDD<RowOutcome> outcomes = rows.mapToPair(r -> new Tuple2<>(r.rowId(), r))
                .join(hits, partitions)
                .leftOuterJoin(rankedTexts, partitions)
                .map(e -> {
                    QueryRow row = e._2()._1()._1();
                    QueryHits h = e._2()._1()._2();
                    RankedDocument[] ranking = new RankedDocument[h.ids().length];
                    if (e._2()._2().isPresent()) {
                        e._2()._2().get().forEach(r -> ranking[r.position()] = new RankedDocument(r.text(), r.score()));
                    }
                    return decide(rules, ranks, names, row, h, List.of(ranking));
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        outcomes.count();
        return finish(
                jsc,
                hadoop,
                out,
                counts,
                outcomes,
                records,
                duplicates,
                poolSize,
                queries,
                embedSeconds,
                searchSeconds,
                t0);
    }

    private Result finish(
            JavaSparkContext jsc,
            Configuration hadoop,
            String out,
            MiningCounts counts,
            JavaRDD<RowOutcome> outcomes,
            JavaRDD<InputRecord> records,
            JavaRDD<MiningExclusion> duplicates,
            long poolSize,
            long queries,
            double embedSeconds,
            double searchSeconds,
            long t0)
            throws IOException {
        jsc.setJobDescription("write");
        int all = counts.size();
        int maxNeg = s.numNegatives();
        MiningCounts rowCounts =
                outcomes.aggregate(new MiningCounts(all, maxNeg), MiningCounts::add, MiningCounts::merge);
        counts.merge(rowCounts);
        Map<String, Long> duplicateCounts = duplicates.map(d -> names(d)).countByValue();
        duplicateCounts.forEach((src, n) -> counts.exclude(Integer.parseInt(src), MiningExclusion.DUPLICATE_PAIR, n));
        for (int i = 0; i < s.inputs().size(); i++) {
            MiningCounts.Source c = counts.source(i);
            if (c.read != c.kept + c.excludedTotal()) {
                throw new IllegalStateException(
                        "counts do not reconcile for input " + s.inputs().get(i).name() + ": read " + c.read
                                + " != kept " + c.kept + " + excluded " + c.excludedTotal());
            }
        }
        // a query's rows stay together and in order (one per positive under negatives-per = positive)
        JavaPairRDD<Long, String> lines = outcomes.filter(o -> !o.lines().isEmpty())
                .mapToPair(o -> new Tuple2<>(o.rowId(), String.join("\n", o.lines())))
                .sortByKey(true, Math.max(1, outcomes.getNumPartitions()));
        writeParts(lines.values(), out, hadoop);
        long rows = 0; // one written line per row, booked by MiningCounts.add
        for (int i = 0; i < all; i++) {
            rows += rowCounts.source(i).rows;
        }
        JavaRDD<MiningExclusion> exclusions = records.filter(r -> r.excluded() != null)
                .map(InputRecord::excluded)
                .union(duplicates)
                .union(outcomes.flatMap(o -> o.exclusions().iterator()));
        writeParts(exclusions.map(e -> JSON.writeValueAsString(e.toJson())), out + "/" + EXCLUSIONS_DIR, hadoop);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> manifest =
                MiningManifest.build(s, counts, poolSize, queries, rows, embedSeconds, searchSeconds, seconds);
        MiningManifest.write(manifest, out, hadoop);
        ResolvedConfig.write(resolvedConfig, out, hadoop);
        SuccessMarker.write(out, hadoop);
        records.unpersist(false);
        outcomes.unpersist(false);
        progress.accept(String.format(Locale.ROOT, "wrote %d rows to %s in %.1f s in all", rows, out, seconds));
        return new Result(counts, manifest, poolSize, queries, rows);
    }

    /** {@code out/vectors/pool} and {@code out/vectors/queries} as JSON lines (dump-vectors = true). */
    private static void dumpVectors(
            JavaRDD<VectorBlock> documents,
            JavaRDD<QueryBlock> queryVectors,
            JavaPairRDD<Long, String> pool,
            JavaRDD<QueryRow> rows,
            String out,
            Configuration hadoop)
            throws IOException {
        JavaRDD<String> docLines = documents
                .flatMapToPair(b -> {
                    List<Tuple2<Long, float[]>> l = new ArrayList<>(b.rows());
                    for (int r = 0; r < b.rows(); r++) {
                        l.add(new Tuple2<>(b.firstId() + r, b.row(r)));
                    }
                    return l.iterator();
                })
                .join(pool)
                .sortByKey()
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", e._1());
                    m.put("text", e._2()._2());
                    m.put("vector", e._2()._1());
                    return JSON.writeValueAsString(m);
                });
        writeParts(docLines, out + "/vectors/pool", hadoop);
        JavaRDD<String> queryLines = queryVectors
                .flatMapToPair(b -> {
                    List<Tuple2<Long, Tuple2<float[], long[]>>> l = new ArrayList<>();
                    for (int r = 0; r < b.queries().rows(); r++) {
                        l.add(new Tuple2<>(
                                b.queries().firstId() + r,
                                new Tuple2<>(b.queries().row(r), b.positiveIds()[r])));
                    }
                    return l.iterator();
                })
                .join(rows.mapToPair(r -> new Tuple2<>(r.rowId(), r)))
                .sortByKey()
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("row", e._1());
                    m.put("input", e._2()._2().source());
                    m.put("query", e._2()._2().query());
                    m.put("positive_ids", e._2()._1()._2());
                    m.put("vector", e._2()._1()._1());
                    return JSON.writeValueAsString(m);
                });
        writeParts(queryLines, out + "/vectors/queries", hadoop);
    }

    private static String names(MiningExclusion e) {
        return Integer.toString(e.source());
    }

    /** One unit read: a cleaned pair, or the exclusion of a malformed line or an empty side. */
    static InputRecord record(Outcome o, int inputCount, String[] names, List<List<String>> files) {
        if (!o.isKept()) {
            Exclusion e = o.excluded();
            List<String> f = files.get(e.sourceIndex());
            int fi = RecordId.file(e.id());
            return new InputRecord(
                    e.sourceIndex(),
                    null,
                    null,
                    new MiningExclusion(
                            e.sourceIndex(),
                            e.source(),
                            e.reason(),
                            e.query(),
                            e.doc(),
                            null,
                            fi < f.size() ? f.get(fi) : null,
                            RecordId.line(e.id()) + 1,
                            e.line(),
                            e.detail()));
        }
        PairRecord p = o.kept();
        TextCleaner cleaner = new TextCleaner();
        String doc = cleaner.clean(p.doc());
        boolean input = p.sourceIndex() < inputCount;
        String query = input ? cleaner.clean(p.query()) : null;
        if (doc == null || doc.isEmpty() || (input && (query == null || query.isEmpty()))) {
            return new InputRecord(
                    p.sourceIndex(),
                    null,
                    null,
                    MiningExclusion.ofPair(
                            p.sourceIndex(),
                            names[p.sourceIndex()],
                            MiningExclusion.EMPTY,
                            p.query(),
                            p.doc(),
                            null,
                            input && (query == null || query.isEmpty()) ? "query" : "doc"));
        }
        return new InputRecord(p.sourceIndex(), query, doc, null);
    }

    /** The rules on one row, as its output line and exclusions. */
    static RowOutcome decide(
            MiningRules rules, boolean ranks, String[] names, QueryRow row, QueryHits h, List<RankedDocument> ranking)
            throws JsonProcessingException {
        List<ScoredPositive> positives = new ArrayList<>(row.positives().length);
        for (int p = 0; p < row.positives().length; p++) {
            positives.add(
                    new ScoredPositive(row.positives()[p], h.positiveScores()[p], ranks ? h.aboveCounts()[p] + 1 : 0));
        }
        MiningDecision d = rules.decide(row.query(), positives, ranking);
        List<MiningExclusion> ex = new ArrayList<>();
        String src = names[row.source()];
        for (ScoredPositive p : d.inconsistent()) {
            ex.add(MiningExclusion.ofPair(
                    row.source(), src, MiningExclusion.INCONSISTENT, row.query(), p.text(), p.poolRank(), null));
        }
        List<String> lines = new ArrayList<>(d.rows().size());
        for (MinedRow r : d.rows()) {
            lines.add(JSON.writeValueAsString(line(row.query(), r)));
        }
        for (ScoredPositive p : d.noNegative()) {
            ex.add(MiningExclusion.ofPair(
                    row.source(), src, MiningExclusion.NO_NEGATIVE, row.query(), p.text(), null, null));
        }
        return new RowOutcome(row.rowId(), row.source(), lines, d, ex);
    }

    /** The output object of a row. */
    static Map<String, Object> line(String query, MinedRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query", query);
        m.put("pos", r.positives().stream().map(ScoredPositive::text).toList());
        m.put("neg", r.negatives().stream().map(MinedNegative::text).toList());
        m.put("pos_score", r.positives().stream().map(ScoredPositive::score).toList());
        m.put("neg_score", r.negatives().stream().map(MinedNegative::score).toList());
        m.put("neg_rank", r.negatives().stream().map(MinedNegative::rank).toList());
        return m;
    }

    private static String rowKey(int source, String query) {
        return String.format(Locale.ROOT, "%03d", source) + "\u0000" + query;
    }

    private static int sourceOf(String rowKey) {
        return Integer.parseInt(rowKey.substring(0, 3));
    }

    private static String queryOf(String rowKey) {
        return rowKey.substring(4);
    }

    /**
     * Writes text lines as {@code dir/part-NNNNN.jsonl} (through a hidden temporary directory; empty parts are left
     * out). The callers know their counts from the books, so the lines are not counted again (that would recompute
     * them: they are not persisted).
     */
    static void writeParts(JavaRDD<String> lines, String dir, Configuration hadoop) throws IOException {
        Path target = new Path(dir);
        FileSystem fs = target.getFileSystem(hadoop);
        fs.mkdirs(target);
        Path tmp = new Path(target, "_tmp-parts");
        fs.delete(tmp, true);
        lines.saveAsTextFile(tmp.toString());
        TreeMap<String, Path> parts = new TreeMap<>();
        for (FileStatus f : fs.listStatus(tmp)) {
            if (f.getPath().getName().startsWith("part-") && f.getLen() > 0) {
                parts.put(f.getPath().getName(), f.getPath());
            }
        }
        int n = 0;
        for (Path p : parts.values()) {
            Path name = new Path(target, String.format(Locale.ROOT, "part-%05d.jsonl", n++));
            if (!fs.rename(p, name)) {
                throw new IOException("cannot rename " + p + " to " + name);
            }
        }
        fs.delete(tmp, true);
    }

    /** Removes the outputs of an earlier run in {@code out} (parts, exclusions, manifest). */
    private static void clearOutputs(String out, Configuration hadoop) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            String n = f.getPath().getName();
            if ((n.startsWith("part-") && n.endsWith(".jsonl"))
                    || n.equals(EXCLUSIONS_DIR)
                    || n.equals("_tmp-parts")
                    || n.equals("vectors")
                    || n.equals(MiningManifest.FILE_NAME)) {
                fs.delete(f.getPath(), true);
            }
        }
    }
}
