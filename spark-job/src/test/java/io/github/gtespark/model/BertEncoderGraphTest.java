package io.github.gtespark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BertEncoderGraphTest {

    static final int L = 6;

    static BertConfig tiny(Pooling pooling, boolean normalize) {
        return new BertConfig(2, 8, 2, 16, 30, 10, 2, 1e-12, 0.0, 0.0, 0.02, pooling, normalize, "", "");
    }

    /** Three sequences of lengths 6, 4 and 2 (ids stored as floating point), padded with 0, and their mask. */
    static INDArray[] batch(DataType dt, int length) {
        int[][] ids = {{2, 7, 11, 5, 29, 3}, {2, 13, 8, 3}, {2, 3}};
        INDArray x = Nd4j.zeros(dt, ids.length, length);
        INDArray m = Nd4j.zeros(dt, ids.length, length);
        for (int i = 0; i < ids.length; i++) {
            for (int t = 0; t < ids[i].length; t++) {
                x.putScalar(i, t, ids[i][t]);
                m.putScalar(i, t, 1.0);
            }
        }
        return new INDArray[] {x, m};
    }

    @Test
    void paddingDoesNotChangeEmbeddings() {
        BertConfig config = tiny(Pooling.MEAN, true);
        ComputationGraph graph = BertEncoderFactory.build(config, L, DataType.DOUBLE, 7);
        INDArray[] short6 = batch(DataType.DOUBLE, L);
        INDArray[] long10 = batch(DataType.DOUBLE, 10);
        INDArray a = graph.output(false, new INDArray[] {short6[0]}, new INDArray[] {short6[1]})[0];
        INDArray b = graph.output(false, new INDArray[] {long10[0]}, new INDArray[] {long10[1]})[0];
        assertEquals(3, a.size(0));
        assertEquals(8, a.size(1));
        assertTrue(a.equalsWithEps(b, 1e-12), a + " vs " + b);
        // unit norm
        assertEquals(1.0, a.norm2(1).getDouble(0), 1e-12);
        // a row's embedding does not depend on the other rows of the batch
        INDArray single = graph.output(
                        false, new INDArray[] {short6[0].getRow(2, true)}, new INDArray[] {short6[1].getRow(2, true)})[
                0];
        assertTrue(single.equalsWithEps(a.getRow(2, true), 1e-12));
    }

    @Test
    void modelSerializerRoundTripKeepsConfigurationAndParameters(@TempDir Path dir) throws Exception {
        BertConfig config = tiny(Pooling.CLS, true).withDropout(0.1, 0.1);
        ComputationGraph graph = BertEncoderFactory.build(config, L, DataType.FLOAT, 3);
        File f = dir.resolve("enc.zip").toFile();
        ModelSerializer.writeModel(graph, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(
                graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.params(), restored.params());
        INDArray[] b = batch(DataType.FLOAT, L);
        assertEquals(
                graph.output(false, new INDArray[] {b[0]}, new INDArray[] {b[1]})[0],
                restored.output(false, new INDArray[] {b[0]}, new INDArray[] {b[1]})[0]);
        String json = restored.getConfiguration().toJson();
        assertTrue(json.contains("\"attentionDropout\" : 0.1"), json);
        assertTrue(json.contains("\"pooling\" : \"CLS\""), json);
    }

    @Test
    void sameSeedGivesSameParameters() {
        BertConfig config = tiny(Pooling.MEAN, true);
        assertEquals(
                BertEncoderFactory.build(config, L, DataType.FLOAT, 5).params(),
                BertEncoderFactory.build(config, L, DataType.FLOAT, 5).params());
        assertNotEquals(
                BertEncoderFactory.build(config, L, DataType.FLOAT, 5).params(),
                BertEncoderFactory.build(config, L, DataType.FLOAT, 6).params());
    }

    private static INDArray trainForward(ComputationGraph graph, INDArray[] b) {
        graph.setLayerMaskArrays(new INDArray[] {b[1]}, null);
        return graph.feedForward(new INDArray[] {b[0]}, true, false).get(BertEncoderFactory.OUTPUT);
    }

    @Test
    void dropoutIsReproducibleFromTheNd4jSeedAndOffInInference() {
        BertConfig config = tiny(Pooling.MEAN, true).withDropout(0.3, 0.3);
        ComputationGraph graph = BertEncoderFactory.build(config, L, DataType.DOUBLE, 11);
        INDArray[] b = batch(DataType.DOUBLE, L);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, 8);

        Nd4j.getRandom().setSeed(42);
        INDArray train1 = trainForward(graph, b).dup();
        Map<String, INDArray> grads1 = graph.backpropGradient(eps).gradientForVariable();
        INDArray g1 = graph.getGradientsViewArray().dup();
        assertFalse(grads1.isEmpty());

        Nd4j.getRandom().setSeed(42);
        INDArray train2 = trainForward(graph, b).dup();
        graph.backpropGradient(eps);
        INDArray g2 = graph.getGradientsViewArray().dup();
        assertEquals(train1, train2);
        assertEquals(g1, g2);

        Nd4j.getRandom().setSeed(43);
        INDArray train3 = trainForward(graph, b).dup();
        assertNotEquals(train1, train3);

        INDArray inf1 = graph.output(false, new INDArray[] {b[0]}, new INDArray[] {b[1]})[0];
        INDArray inf2 = graph.output(false, new INDArray[] {b[0]}, new INDArray[] {b[1]})[0];
        assertEquals(inf1, inf2);
        assertNotEquals(train1, inf1);
    }

    @Test
    void copyKeepsParametersAcrossLengthAndType() {
        BertConfig config = tiny(Pooling.MEAN, true);
        ComputationGraph graph = BertEncoderFactory.build(config, L, DataType.DOUBLE, 9);
        ComputationGraph other = BertEncoderFactory.copy(graph, config, 10, DataType.FLOAT);
        assertEquals(DataType.FLOAT, other.params().dataType());
        INDArray[] b = batch(DataType.FLOAT, 10);
        INDArray x = other.output(false, new INDArray[] {b[0]}, new INDArray[] {b[1]})[0];
        INDArray y = graph.output(false, new INDArray[] {b[0].castTo(DataType.DOUBLE)}, new INDArray[] {
            b[1].castTo(DataType.DOUBLE)
        })[0];
        assertArrayEquals(y.castTo(DataType.FLOAT).data().asFloat(), x.data().asFloat(), 1e-5f);
    }
}
