package io.github.gtespark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LinearModelMerge}: exact per-weight arithmetic, the end points, what is kept and what is refused. */
class LinearModelMergeTest {

    private static EncoderModel model(long seed, int hidden, Pooling pooling, String queryPrefix, boolean pooler)
            throws IOException {
        return TinyEncoderModels.random(seed, hidden, pooling, queryPrefix, pooler);
    }

    @Test
    void everyWeightIsTheInterpolationInDoublePrecisionAndTheTunedModelsSettingsAreKept() throws IOException {
        EncoderModel base = model(1, 8, Pooling.MEAN, "", true);
        EncoderModel tuned = model(2, 8, Pooling.CLS, "query: ", true);
        double w = 0.7;
        EncoderModel merged = LinearModelMerge.merge(base, tuned, w);
        assertEquals(
                tuned.weights().tensors().keySet(), merged.weights().tensors().keySet());
        int checked = 0;
        for (String name : tuned.weights().tensors().keySet()) {
            float[] b = base.weights().get(name).data();
            float[] t = tuned.weights().get(name).data();
            float[] m = merged.weights().get(name).data();
            assertArrayEquals(
                    tuned.weights().get(name).shape(),
                    merged.weights().get(name).shape(),
                    name);
            for (int i = 0; i < m.length; i++) {
                // the formula written out independently: w t + (1 - w) b, rounded once to float
                assertEquals((float) (0.7 * (double) t[i] + 0.30000000000000004 * (double) b[i]), m[i], 0f, name);
                checked++;
            }
        }
        assertTrue(checked > 1000, "weights checked: " + checked);
        assertNotEquals(
                base.weights().get("pooler.dense.weight").data()[3],
                merged.weights().get("pooler.dense.weight").data()[3]);
        assertEquals(Pooling.CLS, merged.config().pooling());
        assertEquals("query: ", merged.config().queryPrefix());
        assertArrayEquals(tuned.tokenizerJson(), merged.tokenizerJson());
    }

    @Test
    void weightOneIsTheTunedModelAndWeightZeroTheBaseBitForBit() throws IOException {
        EncoderModel base = model(3, 8, Pooling.MEAN, "", false);
        EncoderModel tuned = model(4, 8, Pooling.MEAN, "", false);
        EncoderModel one = LinearModelMerge.merge(base, tuned, 1.0);
        EncoderModel zero = LinearModelMerge.merge(base, tuned, 0.0);
        for (String name : tuned.weights().tensors().keySet()) {
            assertArrayEquals(
                    tuned.weights().get(name).data(), one.weights().get(name).data(), 0f, name);
            assertArrayEquals(
                    base.weights().get(name).data(), zero.weights().get(name).data(), 0f, name);
        }
    }

    @Test
    void anExtraOnlyTheTunedModelHasIsKeptAsItIs() throws IOException {
        EncoderModel base = model(5, 8, Pooling.MEAN, "", false);
        EncoderModel tuned = model(6, 8, Pooling.MEAN, "", true);
        EncoderModel merged = LinearModelMerge.merge(base, tuned, 0.5);
        assertArrayEquals(
                tuned.weights().get("pooler.dense.weight").data(),
                merged.weights().get("pooler.dense.weight").data(),
                0f);
    }

    @Test
    void modelsThatCannotBeMergedAreRefusedWithTheReason() throws IOException {
        EncoderModel base = model(7, 8, Pooling.MEAN, "", false);
        EncoderModel tuned = model(8, 8, Pooling.MEAN, "", false);
        IllegalArgumentException arch = assertThrows(
                IllegalArgumentException.class,
                () -> LinearModelMerge.merge(model(9, 12, Pooling.MEAN, "", false), tuned, 0.5));
        assertTrue(
                arch.getMessage().contains("different architectures")
                        && arch.getMessage().contains("hidden=12"),
                arch.getMessage());

        byte[] otherTokenizer = new String(tuned.tokenizerJson(), StandardCharsets.UTF_8)
                .replaceFirst("\"\\[UNK\\]\"", "\"[UNKNOWN]\"")
                .getBytes(StandardCharsets.UTF_8);
        EncoderModel otherTok = new EncoderModel(base.config(), base.weights(), otherTokenizer, null, true);
        IllegalArgumentException tok =
                assertThrows(IllegalArgumentException.class, () -> LinearModelMerge.merge(otherTok, tuned, 0.5));
        assertTrue(tok.getMessage().contains("tokenizers differ"), tok.getMessage());
        EncoderModel cased = new EncoderModel(base.config(), base.weights(), base.tokenizerJson(), null, false);
        assertThrows(IllegalArgumentException.class, () -> LinearModelMerge.merge(cased, tuned, 0.5));

        Map<String, BertWeights.Tensor> missing =
                new LinkedHashMap<>(base.weights().tensors());
        missing.remove("encoder.layer.1.output.dense.bias");
        EncoderModel incomplete =
                new EncoderModel(base.config(), new BertWeights(missing), base.tokenizerJson(), null, true);
        IllegalArgumentException gap =
                assertThrows(IllegalArgumentException.class, () -> LinearModelMerge.merge(incomplete, tuned, 0.5));
        assertTrue(
                gap.getMessage().contains("encoder.layer.1.output.dense.bias")
                        && gap.getMessage().contains("missing from the base model"),
                gap.getMessage());

        for (double w : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException bad =
                    assertThrows(IllegalArgumentException.class, () -> LinearModelMerge.merge(base, tuned, w));
            assertTrue(bad.getMessage().contains("[0, 1]"), bad.getMessage());
        }
    }
}
