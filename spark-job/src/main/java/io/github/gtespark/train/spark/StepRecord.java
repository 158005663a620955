package io.github.gtespark.train.spark;

import java.io.Serializable;

/**
 * What one worker reports for one optimizer step (sent to the driver through a Spark accumulator).
 *
 * @param globalStep   the step the update was applied at
 * @param workerSlot   the worker slot (partition) that applied it
 * @param batchId      the shard batch it trained on
 * @param scored       the batch carried gold pair scores (a stage with {@code train.scored-loss} trained it with that loss)
 * @param loss         the batch loss before the update
 * @param gradientNorm the global gradient norm before clipping
 * @param learningRate the learning rate used
 * @param pairs        pairs in the batch
 * @param nanos        wall time of the step on the worker
 */
public record StepRecord(
        long globalStep,
        int workerSlot,
        long batchId,
        boolean scored,
        double loss,
        double gradientNorm,
        double learningRate,
        int pairs,
        long nanos)
        implements Serializable {

    public boolean finite() {
        return Double.isFinite(loss) && !Double.isNaN(gradientNorm) && !Double.isInfinite(gradientNorm);
    }
}
