package io.github.gtespark.cli;

import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Loads {@code --model} arguments through {@link TextEmbedder}: a built-in name ({@link PretrainedModels}) or a
 * model directory (training checkpoint export / Hugging Face layout) on any Hadoop FileSystem. A name that is
 * neither, or a directory that cannot be read as a model, is a {@link UsageException}.
 */
final class TextEmbedderEncoders implements EncoderLoader {

    @Override
    public SentenceEncoder load(String model, int maxLength, int batchSize) throws IOException {
        if (!PretrainedModels.isBuiltIn(model) && !DataLocations.exists(model)) {
            throw new UsageException("unknown model '" + model + "': not a built-in model "
                    + String.join(", ", PretrainedModels.names()) + ", and no such model directory");
        }
        TextEmbedder embedder;
        try {
            embedder = TextEmbedder.load(model, new Configuration(), maxLength, batchSize);
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause == e || String.valueOf(e.getMessage()).equals(cause.getMessage())
                    ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause.getMessage();
            throw new UsageException("cannot load model '" + model + "': " + reason);
        }
        return embedder::embed;
    }
}
