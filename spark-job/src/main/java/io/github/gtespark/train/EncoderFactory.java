package io.github.gtespark.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Creates a stage's start encoder (the encoder graph of docs/dev/contracts.md) for
 * {@link StageSettings.ModelInit#PRETRAINED}, {@code HUGGINGFACE} and {@code RANDOM}; checkpoints are read by the
 * trainer, then passed through {@link #fromCheckpoint}.
 */
@FunctionalInterface
public interface EncoderFactory {
    ComputationGraph create(StageSettings settings, Configuration hadoopConf) throws IOException;

    /**
     * Prepares the graph of a checkpoint (parameters, no optimizer state) to start a new stage, e.g. rebuilt for the
     * stage's sequence length. Default: unchanged.
     */
    default ComputationGraph fromCheckpoint(ComputationGraph graph, StageSettings settings) {
        return graph;
    }
}
