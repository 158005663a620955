package io.github.gtespark.prep.output;

import org.apache.spark.Partitioner;

/** Sends the row keyed {@code batchId * batchSize + position} to shard {@code batchId / batchesPerShard}. */
public final class ShardPartitioner extends Partitioner {

    private final int shards;
    private final long rowsPerShard;

    public ShardPartitioner(int shards, int batchesPerShard, int batchSize) {
        this.shards = shards;
        this.rowsPerShard = (long) batchesPerShard * batchSize;
    }

    @Override
    public int numPartitions() {
        return shards;
    }

    @Override
    public int getPartition(Object key) {
        return (int) ((Long) key / rowsPerShard);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardPartitioner p && p.shards == shards && p.rowsPerShard == rowsPerShard;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rowsPerShard) * 31 + shards;
    }
}
