package io.github.gtespark.train.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Reads the batches of one averaging round from the Parquet shards and lays them out for dl4j-spark: an RDD with
 * one partition per worker slot, partition {@code w} holding its {@link StepTaggedBatch}es in global-step order.
 *
 * <p>Only the round's {@code batch_id}s are read (Parquet filter push-down); rows are routed to their slot by a
 * partitioner keyed on {@code (step, slot)} and assembled into padded {@code MultiDataSet}s on the executors.
 */
public final class ShardBatchSource {

    private final Dataset<Row> shards;
    private final BatchSchedule schedule;
    private final ContrastiveBatchAssembler assembler;

    public ShardBatchSource(
            SparkSession spark, ShardManifest manifest, BatchSchedule schedule, ContrastiveBatchAssembler assembler) {
        this.shards = read(spark, manifest);
        this.schedule = schedule;
        this.assembler = assembler;
    }

    public BatchSchedule schedule() {
        return schedule;
    }

    /**
     * The shards of {@code manifest} with the columns {@link #toPair} expects, in its order; shards without the
     * optional {@code score} column (unscored corpora) read as null scores.
     */
    public static Dataset<Row> read(SparkSession spark, ShardManifest manifest) {
        Dataset<Row> shards = spark.read().parquet(manifest.shardUris().toArray(new String[0]));
        boolean scored = java.util.Arrays.asList(shards.columns()).contains("score");
        return shards.select(
                functions.col("batch_id"),
                functions.col("position"),
                functions.col("query_ids"),
                functions.col("doc_ids"),
                functions.col("neg_ids"),
                functions.col("query_hash"),
                functions.col("doc_hash"),
                functions.col("neg_hashes"),
                scored
                        ? functions.col("score").cast("double")
                        : functions.lit(null).cast("double").as("score"));
    }

    /** The batches of global steps {@code firstStep .. firstStep+steps-1} for every worker slot. */
    public JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> round(long firstStep, int steps) {
        int workers = schedule.workers();
        // batch id -> the (step, slot) keys that train on it (a batch may recur when the data is smaller than a round)
        Map<Long, List<long[]>> uses = new HashMap<>();
        Set<Long> ids = new LinkedHashSet<>();
        for (long t = firstStep; t < firstStep + steps; t++) {
            for (int w = 0; w < workers; w++) {
                long b = schedule.batchFor(t, w);
                ids.add(b);
                uses.computeIfAbsent(b, x -> new ArrayList<>()).add(new long[] {t, w});
            }
        }
        Dataset<Row> rows = shards.where(functions.col("batch_id").isin(ids.toArray()));
        ContrastiveBatchAssembler asm = assembler;
        JavaPairRDD<Tuple2<Long, Integer>, PairRow> keyed = rows.javaRDD().flatMapToPair(row -> {
            PairRow pair = toPair(row);
            List<Tuple2<Tuple2<Long, Integer>, PairRow>> out = new ArrayList<>();
            for (long[] use : uses.getOrDefault(pair.batchId(), List.of())) {
                out.add(new Tuple2<>(new Tuple2<>(use[0], (int) use[1]), pair));
            }
            return out.iterator();
        });
        return keyed.groupByKey(new SlotPartitioner(workers))
                .mapPartitions(
                        groups -> {
                            List<Tuple2<Tuple2<Long, Integer>, Iterable<PairRow>>> list = new ArrayList<>();
                            groups.forEachRemaining(list::add);
                            list.sort(Comparator.comparingLong(g -> g._1()._1()));
                            List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = new ArrayList<>(list.size());
                            for (Tuple2<Tuple2<Long, Integer>, Iterable<PairRow>> g : list) {
                                List<PairRow> pairRows = new ArrayList<>();
                                g._2().forEach(pairRows::add);
                                batches.add(asm.assemble(pairRows, g._1()._1(), g._1()._2()));
                            }
                            return batches.iterator();
                        },
                        true);
    }

    /** Converts a shard row (columns in the order selected by this class) to a {@link PairRow}. */
    public static PairRow toPair(Row row) {
        long batchId = row.getLong(0);
        int position = row.getInt(1);
        int[] q = ints(row.getList(2));
        int[] d = ints(row.getList(3));
        List<Object> negs = row.isNullAt(4) ? List.of() : row.getList(4);
        int[][] negIds = new int[negs.size()][];
        for (int j = 0; j < negs.size(); j++) {
            negIds[j] = ints(innerList(negs.get(j)));
        }
        List<Long> nh = row.isNullAt(7) ? List.of() : row.getList(7);
        long[] negHashes = new long[nh.size()];
        for (int j = 0; j < negHashes.length; j++) {
            negHashes[j] = nh.get(j);
        }
        double score = row.size() > 8 && !row.isNullAt(8) ? row.getDouble(8) : Double.NaN;
        return new PairRow(batchId, position, q, d, negIds, row.getLong(5), row.getLong(6), negHashes, score);
    }

    /** A nested Parquet array arrives as a Scala sequence inside the outer Java list. */
    @SuppressWarnings("unchecked")
    private static List<Integer> innerList(Object value) {
        if (value instanceof List<?> list) {
            return (List<Integer>) list;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return (List<Integer>) scala.collection.JavaConverters.seqAsJavaList(seq);
        }
        throw new IllegalArgumentException("neg_ids element is neither a list nor a sequence: " + value);
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** Sends key {@code (step, slot)} to partition {@code slot}. */
    static final class SlotPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int workers;

        SlotPartitioner(int workers) {
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        @SuppressWarnings("unchecked")
        public int getPartition(Object key) {
            return ((Tuple2<Long, Integer>) key)._2();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SlotPartitioner p && p.workers == workers;
        }

        @Override
        public int hashCode() {
            return workers;
        }
    }
}
