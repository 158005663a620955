package io.github.gtespark.cli;

import io.github.gtespark.encoders.EncoderSource;
import io.github.gtespark.encoders.EncoderSourceException;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.model.TextEmbedder;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads {@code --model} arguments through {@link EncoderSource} (built-in name, Hugging Face model directory or
 * training checkpoint, on any Hadoop FileSystem) as a {@link TextEmbedder}. A reference that names no model, or a
 * model that cannot be read, is a {@link UsageException} with {@link EncoderSource}'s reason.
 */
final class TextEmbedderEncoders implements EncoderLoader {

    @Override
    public SentenceEncoder load(String model, int maxLength, int batchSize) {
        Configuration hc = new Configuration();
        try {
            EncoderSource.Resolved resolved = EncoderSource.locate(model, hc);
            if (resolved.kind() == EncoderSource.Kind.CHECKPOINT) {
                System.err.println("gte: loading the encoder of checkpoint " + resolved.location());
            }
            return EncoderSource.embedder(model, hc, maxLength, batchSize)::embed;
        } catch (EncoderSourceException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
