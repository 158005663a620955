package io.github.gtespark.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny test encoder over {@link TinyShards} token ids (embedding, masked mean pooling, dense) with a softmax head
 * predicting the topic: small enough for fast distributed tests, trained by {@link TopicFitStep} with plain
 * {@code graph.fit} and Adam.
 */
final class TinyEncoder {

    private TinyEncoder() {}

    static ComputationGraph create(long seed, int maxLength) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(0.05))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input_ids")
                .addLayer(
                        "tokens",
                        new EmbeddingSequenceLayer.Builder()
                                .nIn(TinyShards.VOCAB)
                                .nOut(8)
                                .inputLength(maxLength)
                                .build(),
                        "input_ids")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "tokens")
                .addLayer(
                        "embedding",
                        new DenseLayer.Builder()
                                .nIn(8)
                                .nOut(8)
                                .activation(Activation.TANH)
                                .build(),
                        "pool")
                .addLayer(
                        "topic",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(8)
                                .nOut(TinyShards.TOPICS)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "embedding")
                .setOutputs("topic")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
