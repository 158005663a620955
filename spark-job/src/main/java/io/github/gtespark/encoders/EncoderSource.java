package io.github.gtespark.encoders;

import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.checkpoint.CheckpointEncoderDescription;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The one place that turns a model reference into an encoder, for the jobs, the CLI and everything after them.
 *
 * <p>A reference is, in this order of precedence:
 * <ol>
 *   <li>a built-in pretrained model name ({@link PretrainedModels#names()}, case-insensitive);</li>
 *   <li>a Hugging Face / sentence-transformers model directory (it has {@code config.json}), such as a training
 *       run's {@code model/} export;</li>
 *   <li>a training checkpoint: a {@code step-N} directory, a {@code checkpoints} directory or a run directory (the
 *       latter two meaning their newest checkpoint, {@link CheckpointStore#resolve}), read through the encoder
 *       description the training job stores in every checkpoint ({@link CheckpointEncoderDescription}).</li>
 * </ol>
 * Directories may be on any Hadoop FileSystem URI. A reference that is none of these fails with an
 * {@link EncoderSourceException} whose message says what was looked for.
 */
public final class EncoderSource {

    private EncoderSource() {}

    /** What a reference names, before anything is read. */
    public enum Kind {
        BUILT_IN,
        HUGGING_FACE_DIRECTORY,
        CHECKPOINT
    }

    /** A resolved reference: its kind and the location (built-in name, export directory or checkpoint directory). */
    public record Resolved(Kind kind, String location) {}

    /**
     * Says what {@code reference} names without loading weights.
     *
     * @throws EncoderSourceException when it names no built-in model, no model directory and no checkpoint
     */
    public static Resolved locate(String reference, Configuration hadoopConf) {
        try {
            return locateOrFail(reference, hadoopConf);
        } catch (IOException e) {
            throw new EncoderSourceException("cannot read model location '" + reference + "': " + e.getMessage(), e);
        }
    }

    private static Resolved locateOrFail(String reference, Configuration hadoopConf) throws IOException {
        if (reference == null || reference.isBlank()) {
            throw new EncoderSourceException(
                    "no model given: a built-in name (" + String.join(", ", PretrainedModels.names())
                            + "), a model directory or a training checkpoint is needed");
        }
        if (PretrainedModels.isBuiltIn(reference)) {
            return new Resolved(Kind.BUILT_IN, reference);
        }
        if (!DataLocations.exists(reference)) {
            String lower = reference.trim().toLowerCase(Locale.ROOT);
            if (PretrainedModels.isBuiltIn(lower)) {
                return new Resolved(Kind.BUILT_IN, lower);
            }
            throw new EncoderSourceException("unknown model '" + reference + "': not a built-in model "
                    + String.join(", ", PretrainedModels.names()) + ", and no such model directory");
        }
        if (DataLocations.exists(DataLocations.child(reference, HfModelDirectory.CONFIG))) {
            return new Resolved(Kind.HUGGING_FACE_DIRECTORY, reference);
        }
        String checkpoint;
        try {
            checkpoint = CheckpointStore.resolve(reference, hadoopConf);
        } catch (IOException e) {
            checkpoint = null;
        }
        if (checkpoint == null) {
            throw new EncoderSourceException("'" + reference + "' is not a model: neither a Hugging Face model "
                    + "directory (no " + HfModelDirectory.CONFIG + ") nor a training checkpoint (a step-N directory, "
                    + "or a checkpoints or run directory holding one)");
        }
        return new Resolved(Kind.CHECKPOINT, checkpoint);
    }

    /**
     * Loads the encoder {@code reference} names (configuration, weights, tokenizer).
     *
     * @throws EncoderSourceException when the reference names no model, or the model cannot be read (the message
     *                                carries the reason)
     */
    public static EncoderModel resolve(String reference, Configuration hadoopConf) {
        Resolved resolved = locate(reference, hadoopConf);
        try {
            switch (resolved.kind()) {
                case BUILT_IN:
                    return PretrainedModels.load(resolved.location());
                case HUGGING_FACE_DIRECTORY:
                    return HfModelDirectory.read(resolved.location(), hadoopConf);
                case CHECKPOINT:
                    return CheckpointEncoderDescription.read(resolved.location(), hadoopConf);
                default:
                    throw new IllegalStateException("unknown kind " + resolved.kind());
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause == e || String.valueOf(e.getMessage()).equals(cause.getMessage())
                    ? String.valueOf(e.getMessage())
                    : e.getMessage() + ": " + cause.getMessage();
            throw new EncoderSourceException("cannot load model '" + reference + "': " + reason, e);
        }
    }

    /** {@link #resolve} as an fp32 {@link TextEmbedder}: texts cut to {@code maxLength} tokens (capped by the model). */
    public static TextEmbedder embedder(String reference, Configuration hadoopConf, int maxLength, int batchSize) {
        return TextEmbedder.of(resolve(reference, hadoopConf), maxLength, batchSize);
    }
}
