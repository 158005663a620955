package io.github.gtespark.cli;

import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Loads {@code --model} arguments through {@link TextEmbedder}: a built-in name ({@link PretrainedModels}), a
 * model directory in Hugging Face layout (with {@code config.json}, e.g. a training run's {@code model/} export),
 * or a training checkpoint ({@link CheckpointEncoderReader}: a {@code step-N} directory, a {@code checkpoints}
 * directory or a run directory), on any Hadoop FileSystem. A name that is none of these, or a directory that
 * cannot be read as a model, is a {@link UsageException}.
 */
final class TextEmbedderEncoders implements EncoderLoader {

    @Override
    public SentenceEncoder load(String model, int maxLength, int batchSize) throws IOException {
        if (!PretrainedModels.isBuiltIn(model) && !DataLocations.exists(model)) {
            throw new UsageException("unknown model '" + model + "': not a built-in model "
                    + String.join(", ", PretrainedModels.names()) + ", and no such model directory");
        }
        Configuration hc = new Configuration();
        TextEmbedder embedder;
        try {
            boolean huggingFace = !PretrainedModels.isBuiltIn(model)
                    && DataLocations.exists(DataLocations.child(model, HfModelDirectory.CONFIG));
            String checkpoint = PretrainedModels.isBuiltIn(model) || huggingFace
                    ? null : CheckpointEncoderReader.resolve(model, hc);
            if (!PretrainedModels.isBuiltIn(model) && !huggingFace && checkpoint == null) {
                throw new UsageException("'" + model + "' is not a model: neither a Hugging Face model directory "
                        + "(no " + HfModelDirectory.CONFIG + ") nor a training checkpoint (a step-N directory, or a "
                        + "checkpoints or run directory holding one)");
            }
            if (checkpoint != null) {
                System.err.println("gte: loading the encoder of checkpoint " + checkpoint);
                embedder = TextEmbedder.of(CheckpointEncoderReader.read(checkpoint, hc), maxLength, batchSize);
            } else {
                embedder = TextEmbedder.load(model, hc, maxLength, batchSize);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause == e || String.valueOf(e.getMessage()).equals(cause.getMessage())
                    ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause.getMessage();
            throw new UsageException("cannot load model '" + model + "': " + reason);
        }
        return embedder::embed;
    }
}
