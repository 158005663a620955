package io.github.gtespark.train.checkpoint;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A small graph trained for a few Adam steps, so that it has non-trivial parameters and optimizer state. */
public final class CheckpointFixtures {

    private CheckpointFixtures() {}

    static ComputationGraph trainedGraph(long seed, int steps) {
        return trainedGraph(seed, steps, 5, DataType.DOUBLE);
    }

    /** Dense(6 -> hidden, tanh) -> output(hidden -> 2, MSE), trained {@code steps} Adam steps on seeded random data. */
    public static ComputationGraph trainedGraph(long seed, int steps, int hidden, DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new Adam(0.01))
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "h",
                        new DenseLayer.Builder()
                                .nIn(6)
                                .nOut(hidden)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                .nIn(hidden)
                                .nOut(2)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "h")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < steps; i++) {
            g.fit(new MultiDataSet(Nd4j.rand(type, 8, 6), Nd4j.rand(type, 8, 2)));
        }
        return g;
    }

    static CheckpointState state(long step) {
        return new CheckpointState("pretrain", step, 100, 2, step * 2, 7, 1e-4, 0.5, "abc", "def");
    }
}
