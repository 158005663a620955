package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CoSentLoss} against a direct loop over its formula (value and five-point finite differences of the loop),
 * against PyTorch autograd in float64 (the script also checks its loop against sentence-transformers' vectorised
 * formula), float against double, inside {@link MatryoshkaLoss}, through {@link ContrastiveLossFunction}, and the
 * error on a batch without scores. Gradient-cached vs full batch: {@code GradientCachedTrainingStepTest}.
 */
class CoSentLossTest {

    /** L = log(1 + sum_{y_i > y_j} exp((cos(q_j, d_j) - cos(q_i, d_i)) / tau)), straight from the definition. */
    static double loop(LossCase c, double tau) {
        int n = c.pairs();
        double[] cos = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = cosine(c.queries[i], c.docs[i]);
        }
        double sum = 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (c.scores[i] > c.scores[j]) {
                    sum += Math.exp((cos[j] - cos[i]) / tau);
                }
            }
        }
        return Math.log(sum);
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int t = 0; t < a.length; t++) {
            dot += a[t] * b[t];
            na += a[t] * a[t];
            nb += b[t] * b[t];
        }
        return dot / Math.sqrt(na * nb);
    }

    static LossCase[] cases() {
        return new LossCase[] {
            LossCase.random(61, 6, 4, 0).withScores(1, 0.2), // scores on a 0.2 grid: some ties
            LossCase.random(62, 8, 5, 2).withScores(2, 1.0), // many ties, hard negatives (ignored)
            LossCase.withDuplicates(63, 5).withScores(3, 0.5), // duplicate hashes and an absent negative
            LossCase.random(64, 3, 3, 0).withScores(4, 1e-3)
        };
    }

    @Test
    void lossEqualsDirectLoopAndGradientEqualsFiniteDifferencesOfIt() {
        for (double tau : new double[] {0.05, 0.3}) {
            CoSentLoss loss = new CoSentLoss(tau);
            for (LossCase c : cases()) {
                LossAndGradients got = c.computeWith(loss, DataType.DOUBLE);
                double expected = loop(c, tau);
                assertTrue(expected > 0.1, "a case whose loss is near 0 checks little: " + expected);
                assertEquals(expected, got.loss(), 1e-10 * Math.max(1, expected), "loss, tau " + tau);
                double[][][] inputs = {c.queries, c.docs};
                INDArray[] grads = {got.dQueries(), got.dDocs()};
                double eps = 1e-5;
                for (int a = 0; a < 2; a++) {
                    for (int i = 0; i < inputs[a].length; i++) {
                        for (int j = 0; j < inputs[a][i].length; j++) {
                            double keep = inputs[a][i][j];
                            double[] f = new double[4];
                            double[] offsets = {-2 * eps, -eps, eps, 2 * eps};
                            for (int o = 0; o < 4; o++) {
                                inputs[a][i][j] = keep + offsets[o];
                                f[o] = loop(c, tau);
                            }
                            inputs[a][i][j] = keep;
                            double numeric = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * eps);
                            double analytic = grads[a].getDouble(i, j);
                            assertTrue(
                                    Math.abs(analytic - numeric) <= 1e-8 + 1e-6 * Math.abs(numeric),
                                    "input " + a + " [" + i + "," + j + "] tau " + tau + ": analytic " + analytic
                                            + " numeric " + numeric);
                        }
                    }
                }
                if (c.k > 0) {
                    assertEquals(0.0, got.dNegatives().amaxNumber().doubleValue(), 0.0, "negatives take no part");
                }
            }
        }
    }

    @Test
    void lossAndGradientsEqualPyTorchAutograd() throws Exception {
        List<TorchReference.Case> torchCases = new ArrayList<>();
        List<LossAndGradients> ours = new ArrayList<>();
        for (double tau : new double[] {0.05, 0.3}) {
            for (LossCase c : cases()) {
                torchCases.add(new TorchReference.Case("cosent", tau, false, c));
                ours.add(c.computeWith(new CoSentLoss(tau), DataType.DOUBLE));
            }
        }
        List<TorchReference.Result> refs = TorchReference.run(torchCases);
        double worst = 0;
        for (int n = 0; n < refs.size(); n++) {
            TorchReference.Result ref = refs.get(n);
            LossAndGradients got = ours.get(n);
            assertEquals(ref.loss(), got.loss(), 1e-6, "case " + n + " loss vs torch");
            worst = Math.max(worst, Math.abs(ref.loss() - got.loss()));
            worst = Math.max(
                    worst, TorchReference.assertWithin1e6(ref.dQueries(), got.dQueries(), "case " + n + " dQueries"));
            worst = Math.max(worst, TorchReference.assertWithin1e6(ref.dDocs(), got.dDocs(), "case " + n + " dDocs"));
            if (torchCases.get(n).batch().k > 0) {
                worst = Math.max(
                        worst,
                        TorchReference.assertWithin1e6(ref.dNegatives(), got.dNegatives(), "case " + n + " dNeg"));
            }
        }
        System.out.printf(
                "cosent vs torch %s (%d cases): max abs difference of loss and gradients = %.3e%n",
                refs.get(0).torchVersion(), refs.size(), worst);
    }

    @Test
    void floatMatchesDouble() {
        CoSentLoss loss = new CoSentLoss();
        for (LossCase c : cases()) {
            LossAndGradients d = c.computeWith(loss, DataType.DOUBLE);
            LossAndGradients f = c.computeWith(loss, DataType.FLOAT);
            assertEquals(DataType.FLOAT, f.dQueries().dataType());
            assertEquals(d.loss(), f.loss(), 1e-4 * Math.max(1, d.loss()));
            double scale = d.dQueries().amaxNumber().doubleValue();
            assertTrue(d.dQueries()
                            .sub(f.dQueries().castTo(DataType.DOUBLE))
                            .amaxNumber()
                            .doubleValue()
                    <= 1e-3 * scale);
            assertTrue(d.dDocs()
                            .sub(f.dDocs().castTo(DataType.DOUBLE))
                            .amaxNumber()
                            .doubleValue()
                    <= 1e-3 * scale);
        }
    }

    @Test
    void equalScoresAreNotComparedAndRankingByScoreLowersTheLoss() {
        LossCase c = LossCase.random(71, 5, 4, 0);
        c.scores = new double[] {2, 2, 2, 2, 2};
        LossAndGradients tied = c.computeWith(new CoSentLoss(), DataType.DOUBLE);
        assertEquals(0.0, tied.loss(), 0.0);
        assertEquals(0.0, tied.dQueries().amaxNumber().doubleValue(), 0.0);
        // two pairs: the loss is softplus((cos_low - cos_high) / tau), smaller when the higher-scored pair is closer
        LossCase two = LossCase.random(72, 2, 3, 0);
        two.docs[0] = two.queries[0].clone(); // cos 1
        two.scores = new double[] {5, 0};
        double right = two.computeWith(new CoSentLoss(), DataType.DOUBLE).loss();
        two.scores = new double[] {0, 5};
        double wrong = two.computeWith(new CoSentLoss(), DataType.DOUBLE).loss();
        double gap = (1 - cosine(two.queries[1], two.docs[1])) / 0.05;
        assertEquals(Math.log1p(Math.exp(-gap)), right, 1e-12);
        assertEquals(Math.log1p(Math.exp(gap)), wrong, 1e-9 * wrong);
    }

    @Test
    void extremeScaleStaysFinite() {
        LossCase c = LossCase.random(73, 6, 4, 1).withScores(5, 1.0);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            LossAndGradients r = c.computeWith(new CoSentLoss(1e-4), type);
            assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0, type + " loss " + r.loss());
            assertTrue(Double.isFinite(r.dQueries().sumNumber().doubleValue()), type.toString());
            assertTrue(Double.isFinite(r.dDocs().sumNumber().doubleValue()), type.toString());
        }
    }

    @Test
    void insideMatryoshkaTheScoresReachEveryDimension() {
        LossCase c = LossCase.random(74, 7, 6, 0).withScores(6, 0.5);
        MatryoshkaLoss m = new MatryoshkaLoss(new CoSentLoss(), new int[] {6, 3}, new double[] {1, 0.5});
        assertTrue(m.needsScores());
        LossAndGradients got = c.computeWith(m, DataType.DOUBLE);
        LossCase first3 = new LossCase(
                truncate(c.queries, 3),
                truncate(c.docs, 3),
                c.negatives,
                0,
                c.queryHashes,
                c.docHashes,
                c.negativeHashes,
                c.negativePresent);
        first3.scores = c.scores;
        assertEquals(loop(c, 0.05) + 0.5 * loop(first3, 0.05), got.loss(), 1e-10);
        assertEquals("cosent matryoshka[6:1.0,3:0.5]", m.label());
    }

    private static double[][] truncate(double[][] x, int d) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = java.util.Arrays.copyOf(x[i], d);
        }
        return out;
    }

    @Test
    void theDl4jLossFunctionReadsTheScoresFromTheSecondLabelColumn() {
        LossCase c = LossCase.random(75, 4, 5, 0).withScores(7, 1.0);
        INDArray out = Nd4j.vstack(c.queriesArray(DataType.DOUBLE), c.docsArray(DataType.DOUBLE));
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 8, 2);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, 0, c.queryHashes[i]);
            labels.putScalar(4 + i, 0, c.docHashes[i]);
            labels.putScalar(i, 1, c.scores[i]);
        }
        ContrastiveLossFunction f = new ContrastiveLossFunction(new CoSentLoss(), 0);
        double score =
                f.computeScore(labels, out, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true);
        assertEquals(loop(c, 0.05), score, 1e-10);
    }

    @Test
    void aBatchWithoutScoresIsAClearError() {
        LossCase c = LossCase.random(76, 4, 3, 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.computeWith(new CoSentLoss(), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("needs the gold score of every pair"), e.getMessage());
        c.scores = new double[] {1, Double.NaN, 2, 3};
        e = assertThrows(IllegalArgumentException.class, () -> c.computeWith(new CoSentLoss(), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.mask().withScores(new double[] {1, 2}));
        assertTrue(new CoSentLoss().needsScores());
        assertTrue(!new InfoNceLoss().needsScores());
    }
}
