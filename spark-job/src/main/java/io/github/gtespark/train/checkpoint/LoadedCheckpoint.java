package io.github.gtespark.train.checkpoint;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A checkpoint read back: the graph with parameters and optimizer state, its training state and the configuration
 * it was written with.
 */
public record LoadedCheckpoint(String uri, ComputationGraph graph, CheckpointState state, String configText) {}
