package io.github.gtespark.prep.sample;

import java.io.Serializable;

/** Where a sampled pair goes: its batch (in training order) and its position in the batch. */
public record BatchSlot(long batchId, int position) implements Serializable {

    /** The row number in the shards: {@code batchId * batchSize + position}. */
    public long row(int batchSize) {
        return batchId * batchSize + position;
    }
}
