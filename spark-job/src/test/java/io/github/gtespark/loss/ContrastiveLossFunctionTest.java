package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** The losses as DL4J loss functions: GradientCheckUtil (double) through a LossLayer, and the JSON configuration. */
class ContrastiveLossFunctionTest {

    static ComputationGraphConfiguration conf(ILossFunction lossFn) {
        return new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "dense",
                        new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(5)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "loss",
                        new LossLayer.Builder()
                                .lossFunction(lossFn)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "dense")
                .setOutputs("loss")
                .build();
    }

    /** rows [q (3); d (3); negatives (3*k)], hashes per row, q_2 repeating the text of d_0. */
    static INDArray[] data(int k) {
        int rows = 3 * (2 + k);
        INDArray x = Nd4j.rand(DataType.DOUBLE, rows, 4).subi(0.5).muli(4);
        INDArray hashes = Nd4j.create(DataType.DOUBLE, rows, 1);
        for (int r = 0; r < rows; r++) {
            hashes.putScalar(r, 0, 100 + r);
        }
        hashes.putScalar(2, 0, 103); // q_2 has the text of d_0
        return new INDArray[] {x, hashes};
    }

    @Test
    void gradientCheckThroughALossLayer() {
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
        try {
            checkAll();
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
        }
    }

    private static void checkAll() {
        Nd4j.getRandom().setSeed(12);
        // the loss formulas are checked in ContrastiveLossTest; here the adapter: row layout, scaling, negatives
        ContrastiveLoss[] losses = {new ImprovedContrastiveLoss(0.1, true), new SymmetricInfoNceLoss(0.1)};
        int[] negativesPerPair = {1, 0};
        for (int c = 0; c < losses.length; c++) {
            ContrastiveLoss loss = losses[c];
            {
                int k = negativesPerPair[c];
                ComputationGraph graph = new ComputationGraph(conf(new ContrastiveLossFunction(loss, k)));
                graph.init();
                INDArray[] d = data(k);
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                        .net(graph)
                        .inputs(new INDArray[] {d[0]})
                        .labels(new INDArray[] {d[1]})
                        .epsilon(1e-6)
                        .maxRelError(1e-6)
                        .minAbsoluteError(1e-9));
                assertTrue(ok, loss + " k=" + k + " failed the gradient check");
            }
        }
    }

    /**
     * A graph with {@code loss} and one restored from its JSON score the same data alike; the JSON is returned for the
     * caller's checks of what it names.
     */
    private static String assertSurvivesJson(ContrastiveLoss loss) {
        ComputationGraphConfiguration original = conf(new ContrastiveLossFunction(loss, 1));
        String json = original.toJson();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(json);
        ComputationGraph a = new ComputationGraph(original);
        a.init();
        ComputationGraph b = new ComputationGraph(restored);
        b.init(a.params().dup(), true);
        INDArray[] d = data(1);
        for (ComputationGraph g : new ComputationGraph[] {a, b}) {
            g.setInputs(d[0]);
            g.setLabels(d[1]);
            g.computeGradientAndScore();
        }
        assertEquals(a.score(), b.score(), 0.0);
        return restored.toJson();
    }

    @Test
    void configurationSurvivesJson() {
        String json = assertSurvivesJson(new ImprovedContrastiveLoss(0.02, true, false, true, true));
        assertTrue(
                json.contains("ImprovedContrastiveLoss")
                        && json.contains("\"temperature\" : 0.02")
                        && json.contains("\"queryQuery\" : false"),
                json);
    }

    @Test
    void scoreRoutedConfigurationSurvivesJson() {
        String json = assertSurvivesJson(
                new ScoreRoutedLoss(new ImprovedContrastiveLoss(0.02, false, true, true, true), new CoSentLoss(0.05)));
        assertTrue(json.contains("ScoreRoutedLoss") && json.contains("CoSentLoss"), json);
    }

    @Test
    void matryoshkaConfigurationSurvivesJson() {
        String json = assertSurvivesJson(new MatryoshkaLoss(
                new ImprovedContrastiveLoss(0.02, true, true, false, true), new int[] {5, 3}, new double[] {1, 0.5}));
        assertTrue(json.contains("MatryoshkaLoss") && json.contains("\"docQuery\" : false"), json);
    }

    @Test
    void jsonWrittenBeforeTheTermSwitchesHasAllTermsOn() {
        String json = conf(new ContrastiveLossFunction(new ImprovedContrastiveLoss(0.02, true, false, false, false), 1))
                .toJson();
        String old = json.replaceAll("\"(queryQuery|docQuery|docDoc)\" : false,?", "")
                .replaceAll(",(\\s*)}", "$1}");
        assertTrue(!old.contains("queryQuery") && old.contains("negativesInDocumentTerm"), old);
        ComputationGraph restored = new ComputationGraph(ComputationGraphConfiguration.fromJson(old));
        ComputationGraph allOn =
                new ComputationGraph(conf(new ContrastiveLossFunction(new ImprovedContrastiveLoss(0.02, true), 1)));
        allOn.init();
        restored.init(allOn.params().dup(), true);
        INDArray[] d = data(1);
        for (ComputationGraph g : new ComputationGraph[] {allOn, restored}) {
            g.setInputs(d[0]);
            g.setLabels(d[1]);
            g.computeGradientAndScore();
        }
        assertEquals(allOn.score(), restored.score(), 0.0);
    }
}
