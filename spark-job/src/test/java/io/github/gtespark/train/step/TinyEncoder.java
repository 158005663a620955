package io.github.gtespark.train.step;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A small encoder with the contract of the BERT encoder graph (input {@code input_ids} [b, L] with a token mask,
 * output {@code embedding} [b, h], no output layer), for step tests: token embeddings, two position-wise tanh dense
 * layers with dropout, masked mean pooling. Optionally a {@link LossLayer} on top (for comparison with {@code fit}).
 */
final class TinyEncoder {
    static final int VOCAB = 40;

    private TinyEncoder() {}

    /**
     * @param dropout  probability of dropping an activation (0 = none)
     * @param lossFn   if not null, a LossLayer with this loss is added as output "loss"
     */
    static ComputationGraph build(int hidden, int seqLen, double dropout, ILossFunction lossFn, long seed) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(new Sgd(0.1));
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
                .addInputs("input_ids")
                .addLayer(
                        "tokens",
                        new EmbeddingSequenceLayer.Builder()
                                .nIn(VOCAB)
                                .nOut(hidden)
                                .inputLength(seqLen)
                                .build(),
                        "input_ids");
        DenseLayer.Builder ff1 =
                new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.TANH);
        DenseLayer.Builder ff2 =
                new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.TANH);
        if (dropout > 0) {
            ff1.dropOut(1.0 - dropout); // DL4J takes the retain probability
            ff2.dropOut(1.0 - dropout);
        }
        g.addLayer("ff1", ff1.build(), new RnnToFeedForwardPreProcessor(), "tokens")
                .addLayer("ff2", ff2.build(), "ff1")
                .addLayer(
                        "embedding",
                        new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
                        new FeedForwardToRnnPreProcessor(),
                        "ff2");
        if (lossFn != null) {
            g.addLayer(
                            "loss",
                            new LossLayer.Builder()
                                    .lossFunction(lossFn)
                                    .activation(Activation.IDENTITY)
                                    .build(),
                            "embedding")
                    .setOutputs("loss");
        } else {
            g.setOutputs("embedding");
        }
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }
}
