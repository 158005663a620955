package io.github.gtespark.train.data;

import java.io.Serializable;

/**
 * Which shard batch each worker trains on at each global step: a pure function of the step, so the data position
 * of a run is fully described by its step and a resumed run reads exactly the batches an uninterrupted run would.
 *
 * <p>Global step {@code t} (0-based) is one optimizer update on each of the {@code workers} worker slots; slot
 * {@code w} trains on batch {@code (t * workers + w) mod batches}. The shards are already shuffled by data-prep and
 * consumed in {@code batch_id} order; after the last batch the schedule wraps (next epoch).
 */
public record BatchSchedule(long batches, int workers) implements Serializable {

    public BatchSchedule {
        if (batches <= 0 || workers <= 0) {
            throw new IllegalArgumentException("batches and workers must be positive");
        }
    }

    public long batchFor(long globalStep, int workerSlot) {
        return Math.floorMod(globalStep * workers + workerSlot, batches);
    }

    /** Batches consumed (with repetitions across epochs) once {@code stepsDone} steps are complete. */
    public long batchesConsumed(long stepsDone) {
        return stepsDone * workers;
    }

    /** Steps for {@code epochs} passes over the data, at least 1. */
    public long stepsForEpochs(double epochs) {
        return Math.max(1L, (long) Math.ceil(epochs * batches / workers));
    }
}
