package io.github.gtespark.model;

import static io.github.gtespark.model.BertEncoderGraphTest.L;
import static io.github.gtespark.model.BertEncoderGraphTest.batch;
import static io.github.gtespark.model.BertEncoderGraphTest.tiny;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Numerical gradient checks (double precision, central differences) of the whole encoder graph: tiny encoder
 * (2 layers, hidden 4, 2 heads of width 2, intermediate 8, vocab 30, L 6) on a padded batch, with an MSE loss layer
 * on the embedding. Every parameter is checked (relative error below 1e-5 or absolute error below 1e-9). The check
 * costs two forward passes per parameter: {@link BertEncoderGraphTest}'s hidden-8 encoder narrowed to hidden 4 has a
 * third of its parameters and every part of it (embeddings, both blocks, both heads, pooling, normalisation).
 */
class BertEncoderGradientCheckTest {

    /** {@link BertEncoderGraphTest#tiny} with hidden 4 (2 heads of width 2) and intermediate 8. */
    static BertConfig narrow(Pooling pooling, boolean normalize) {
        BertConfig t = tiny(pooling, normalize);
        return new BertConfig(
                t.layers(),
                4,
                t.heads(),
                8,
                t.vocabSize(),
                t.maxPositions(),
                t.typeVocabSize(),
                t.layerNormEps(),
                t.hiddenDropout(),
                t.attentionDropout(),
                t.initStd(),
                t.pooling(),
                t.normalize(),
                t.queryPrefix(),
                t.passagePrefix());
    }

    private static boolean gradientCheck(BertConfig config) {
        ComputationGraphConfiguration.GraphBuilder g =
                BertEncoderFactory.configure(config, L, DataType.DOUBLE, 12345, new NoOp());
        g.addLayer(
                "loss",
                new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .build(),
                BertEncoderFactory.OUTPUT);
        g.setOutputs("loss");
        ComputationGraph graph = new ComputationGraph(g.build());
        Nd4j.getRandom().setSeed(12345);
        graph.init();
        System.out.printf(
                "gradient check: %d parameters (hidden %d, %s pooling)%n",
                graph.numParams(), config.hidden(), config.pooling());
        // larger weights than the 0.02 init so that the check is not dominated by tiny gradients
        graph.params().muli(25.0);
        for (int i = 0; i < config.layers(); i++) {
            for (String ln : new String[] {"attnLnGamma", "outLnGamma"}) {
                graph.getLayer(BertEncoderFactory.blockName(i))
                        .getParam(ln)
                        .assign(Nd4j.rand(DataType.DOUBLE, config.hidden()).addi(0.5));
            }
        }
        graph.getLayer(BertEncoderFactory.EMBEDDINGS)
                .getParam("lnGamma")
                .assign(Nd4j.rand(DataType.DOUBLE, config.hidden()).addi(0.5));
        INDArray[] b = batch(DataType.DOUBLE, L);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, 3, config.hidden());
        DataType previous = Nd4j.dataType();
        DataType previousFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph)
                    .inputs(new INDArray[] {b[0]})
                    .inputMask(new INDArray[] {b[1]})
                    .labels(new INDArray[] {labels})
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previousFloat);
        }
    }

    @Test
    void gradientCheckMeanPoolingNormalized() {
        assertTrue(gradientCheck(narrow(Pooling.MEAN, true)));
    }

    @Test
    void gradientCheckClsPoolingUnnormalized() {
        assertTrue(gradientCheck(narrow(Pooling.CLS, false)));
    }
}
