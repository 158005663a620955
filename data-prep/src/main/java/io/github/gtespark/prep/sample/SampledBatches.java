package io.github.gtespark.prep.sample;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The batches cut from every source (persisted, one {@link SourceBatches} per source) and their global order:
 * {@code batchIds[s][j]} is the training-order id of source {@code s}'s {@code j}-th batch.
 */
public record SampledBatches(
        JavaRDD<SourceBatches> batches, Broadcast<long[][]> batchIds, long totalBatches, long targetPairs) {

    /** Pair id -> its slot, once per time the pair was sampled. */
    public JavaPairRDD<Long, BatchSlot> slots() {
        Broadcast<long[][]> ids = batchIds;
        return batches.flatMapToPair(b -> {
            List<Tuple2<Long, BatchSlot>> out = new ArrayList<>();
            long[] order = ids.value()[b.sourceIndex()];
            for (int j = 0; j < b.batches().size(); j++) {
                long[] batch = b.batches().get(j);
                for (int pos = 0; pos < batch.length; pos++) {
                    out.add(new Tuple2<>(batch[pos], new BatchSlot(order[j], pos)));
                }
            }
            return out.iterator();
        });
    }

    public void release() {
        batches.unpersist(false);
    }
}
