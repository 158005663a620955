package io.github.gtespark.train.checkpoint;

import io.github.gtespark.train.StageListener;
import io.github.gtespark.train.StageProgress;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the driver's model (parameters + averaged optimizer state) and the training state every
 * {@code intervalSteps} steps (at the first round boundary past each multiple) and at the end of the stage.
 */
public final class CheckpointListener implements StageListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.gtespark.train.checkpoint");

    /** Builds the state to store for a given progress. */
    @FunctionalInterface
    public interface StateFactory {
        CheckpointState stateAt(StageProgress progress);
    }

    private final CheckpointStore store;
    private final long intervalSteps;
    private final StateFactory states;
    private final String configText;
    private final java.util.Map<String, byte[]> extraFiles;
    private String lastUri;
    private long lastStep = -1;

    /**
     * @param extraFiles files stored in every checkpoint beside the model (e.g. the encoder's configuration and
     *                   tokenizer, needed to export or continue from it)
     */
    public CheckpointListener(
            CheckpointStore store,
            long intervalSteps,
            StateFactory states,
            String configText,
            java.util.Map<String, byte[]> extraFiles) {
        this.extraFiles = extraFiles;
        this.store = store;
        this.intervalSteps = intervalSteps;
        this.states = states;
        this.configText = configText;
    }

    @Override
    public void onRoundEnd(StageProgress p) throws IOException {
        if (p.crossed(intervalSteps) && p.step() < p.totalSteps()) {
            save(p);
        }
    }

    @Override
    public void onStageEnd(StageProgress p) throws IOException {
        if (lastStep != p.step()) {
            save(p);
        }
    }

    /** URI of the newest checkpoint this listener wrote (null before the first). */
    public String lastUri() {
        return lastUri;
    }

    private void save(StageProgress p) throws IOException {
        long start = System.nanoTime();
        lastUri = store.save(p.graph(), states.stateAt(p), configText, extraFiles);
        lastStep = p.step();
        LOG.info(
                "[{}] checkpoint at step {}: {} ({} s)",
                p.stage(),
                p.step(),
                lastUri,
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }
}
