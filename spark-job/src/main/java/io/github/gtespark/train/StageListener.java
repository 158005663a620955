package io.github.gtespark.train;

import java.io.IOException;

/**
 * A cross-cutting concern of the training loop (progress log, metrics, evaluation, checkpoints, export, chart),
 * called on the driver between averaging rounds. Listeners run in registration order.
 */
public interface StageListener {

    /** Before the first round (also after a resume; {@code progress.step()} tells which). */
    default void onStageStart(StageProgress progress) throws IOException {}

    /** After each averaging round whose losses were all finite. */
    default void onRoundEnd(StageProgress progress) throws IOException {}

    /** After the last round. */
    default void onStageEnd(StageProgress progress) throws IOException {}
}
