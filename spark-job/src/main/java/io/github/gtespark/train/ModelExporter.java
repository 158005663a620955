package io.github.gtespark.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Writes a trained encoder as a model directory (Hugging Face / sentence-transformers layout) to a Hadoop FS URI. */
@FunctionalInterface
public interface ModelExporter {
    void export(ComputationGraph graph, String dirUri, Configuration hadoopConf) throws IOException;
}
