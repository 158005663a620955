package io.github.gtespark.cli;

import io.github.gtespark.eval.SentenceEncoder;
import java.io.IOException;

/** Turns the {@code --model} argument (a built-in model name, a model directory or a Hadoop FS URI) into an encoder. */
@FunctionalInterface
public interface EncoderLoader {

    /**
     * @param maxLength texts are truncated to this many tokens (including [CLS]/[SEP]), capped by the model
     * @param batchSize texts per forward pass
     * @throws UsageException if {@code model} names no built-in model and no readable model directory
     */
    SentenceEncoder load(String model, int maxLength, int batchSize) throws IOException;
}
