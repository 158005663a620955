package io.github.gtespark.prep.sample;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The batches cut from every source (persisted, one {@link SourceBatches} per source, in partition
 * {@code sourceIndex}) and their global order: {@code batchIds} holds, in partition {@code s}, the record
 * {@code (s, ids)} with {@code ids[j]} the training-order id of source {@code s}'s {@code j}-th batch.
 *
 * <p>The order ({@link BatchOrder#shuffle}, 16 bytes per batch while it is computed) is computed by one Spark task
 * and stays on the executors: the driver holds only the batch counts per source, whatever the corpus size.
 */
public record SampledBatches(
        JavaRDD<SourceBatches> batches, JavaPairRDD<Integer, long[]> batchIds, long totalBatches, long targetPairs) {

    /**
     * The order of {@code batchesPerSource} (indexed by source) for {@code seed}, computed in one task and
     * partitioned like {@code batches}: one partition per source, partition {@code s} holding source {@code s}.
     */
    public static JavaPairRDD<Integer, long[]> order(JavaSparkContext jsc, int[] batchesPerSource, long seed) {
        return jsc.parallelize(List.of(batchesPerSource), 1)
                .flatMapToPair(counts -> {
                    long[][] ids = BatchOrder.shuffle(counts, seed);
                    List<Tuple2<Integer, long[]>> out = new ArrayList<>(ids.length);
                    for (int s = 0; s < ids.length; s++) {
                        out.add(new Tuple2<>(s, ids[s]));
                    }
                    return out.iterator();
                })
                .partitionBy(new HashPartitioner(batchesPerSource.length))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Pair id -> its slot, once per time the pair was sampled. */
    public JavaPairRDD<Long, BatchSlot> slots() {
        return batches.zipPartitions(batchIds, (Iterator<SourceBatches> it, Iterator<Tuple2<Integer, long[]>> ids) -> {
                    List<Tuple2<Long, BatchSlot>> out = new ArrayList<>();
                    if (!it.hasNext()) {
                        return out.iterator();
                    }
                    SourceBatches b = it.next();
                    Tuple2<Integer, long[]> order = ids.next();
                    if (order._1() != b.sourceIndex() || it.hasNext() || ids.hasNext()) {
                        throw new IllegalStateException("batches and batch order are not partitioned alike: source "
                                + b.sourceIndex() + " met the order of source " + order._1());
                    }
                    for (int j = 0; j < b.batches().size(); j++) {
                        long[] batch = b.batches().get(j);
                        for (int pos = 0; pos < batch.length; pos++) {
                            out.add(new Tuple2<>(batch[pos], new BatchSlot(order._2()[j], pos)));
                        }
                    }
                    return out.iterator();
                })
                .mapToPair(t -> t);
    }

    public void release() {
        batches.unpersist(false);
        batchIds.unpersist(false);
    }
}
