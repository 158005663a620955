package io.github.gtespark.cli;

import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.train.checkpoint.CheckpointEncoderDescription;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;

/**
 * Reads the encoder of a training checkpoint as an {@link EncoderModel}, so that {@code --model} accepts what the
 * training job writes besides its Hugging Face export: a {@code step-N} checkpoint directory, a
 * {@code checkpoints} directory or a run directory (the latter two meaning their newest checkpoint, as
 * {@link CheckpointStore#resolve} defines), read as the training job reads it for {@code model.init = checkpoint}
 * ({@link CheckpointEncoderDescription}).
 */
final class CheckpointEncoderReader {

    private CheckpointEncoderReader() {
    }

    /** The checkpoint directory {@code location} refers to, or null if it refers to no checkpoint. */
    static String resolve(String location, Configuration hc) {
        try {
            return CheckpointStore.resolve(location, hc);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads the encoder of checkpoint directory {@code checkpointUri} ({@link CheckpointEncoderDescription#read}).
     *
     * @throws UsageException if the checkpoint has no encoder description (not written by the training job)
     */
    static EncoderModel read(String checkpointUri, Configuration hc) throws IOException {
        try {
            return CheckpointEncoderDescription.read(checkpointUri, hc);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
