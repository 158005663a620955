package io.github.gtespark.prep.output;

import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.prep.sample.BatchSlot;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The shard rows: every sampled slot joined with its tokenized pair, one partition per shard
 * ({@link ShardPartitioner}), sorted by (batch_id, position) within it, ready for {@link ShardWriter}.
 */
public final class ShardRows {

    private ShardRows() {}

    /**
     * @param scored whether the rows carry the {@code score} column ({@link ShardSchema#schema(boolean)})
     * @return rows in {@code ceil(totalBatches / batchesPerShard)} partitions, one per shard
     */
    public static JavaRDD<Row> of(
            JavaRDD<TokenizedPair> tokenized,
            JavaPairRDD<Long, BatchSlot> slots,
            int partitions,
            long totalBatches,
            int batchSize,
            int batchesPerShard,
            boolean scored) {
        int shards = (int) ((totalBatches + batchesPerShard - 1) / batchesPerShard);
        return tokenized
                .mapToPair(t -> new Tuple2<>(t.id(), t))
                .join(slots, partitions)
                .mapToPair(j -> new Tuple2<>(j._2()._2().row(batchSize), j._2()))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(shards, batchesPerShard, batchSize))
                .map(r -> ShardSchema.row(r._2()._2().batchId(), r._2()._2().position(), r._2()._1(), scored));
    }
}
