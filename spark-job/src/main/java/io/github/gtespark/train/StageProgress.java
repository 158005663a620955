package io.github.gtespark.train;

import io.github.gtespark.train.spark.RoundResult;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Where a stage stands, as seen by {@link StageListener}s on the driver.
 *
 * @param stage      stage name
 * @param step       global steps completed
 * @param totalSteps steps of the stage
 * @param graph      the driver's model after the last averaging (read only for listeners)
 * @param lastRound  the round that just finished; null at stage start
 * @param secondsPerStep smoothed wall seconds per global step (NaN before the first round)
 */
public record StageProgress(
        String stage,
        long step,
        long totalSteps,
        ComputationGraph graph,
        RoundResult lastRound,
        double secondsPerStep) {

    /** True when the last round crossed a multiple of {@code interval} (interval 0: never). */
    public boolean crossed(long interval) {
        if (interval <= 0 || lastRound == null) {
            return false;
        }
        long before = lastRound.firstStep();
        return step / interval > before / interval;
    }
}
