package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.loss.LoopReferenceLoss.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link MatryoshkaLoss} against the direct sum of the loop oracle over truncated embeddings, in double. */
class MatryoshkaLossTest {

    /** The case with every embedding cut to its first {@code d} dimensions (hashes and presence unchanged). */
    static LossCase truncated(LossCase c, int d) {
        return new LossCase(
                cut(c.queries, d),
                cut(c.docs, d),
                cut(c.negatives, d),
                c.k,
                c.queryHashes,
                c.docHashes,
                c.negativeHashes,
                c.negativePresent);
    }

    private static double[][] cut(double[][] x, int d) {
        return Arrays.stream(x).map(row -> Arrays.copyOf(row, d)).toArray(double[][]::new);
    }

    /** sum_t w_t * oracle(first d_t dimensions). */
    static double directSum(Kind kind, LossCase c, double tau, int[] dims, double[] weights) {
        double total = 0;
        for (int t = 0; t < dims.length; t++) {
            total += weights[t] * LoopReferenceLoss.loss(kind, truncated(c, dims[t]), tau);
        }
        return total;
    }

    @Test
    void lossIsTheWeightedSumOfPerDimensionLossesAndGradientsMatchFiniteDifferences() {
        int[] dims = {6, 4, 2};
        double[] weights = {1.0, 0.5, 0.25};
        List<Kind> kinds = List.of(
                Kind.IMPROVED, Kind.IMPROVED_NEGATIVES_IN_DD, Kind.IMPROVED_NO_QQ, Kind.INFONCE, Kind.SYMMETRIC);
        double worst = 0;
        for (Kind kind : kinds) {
            ContrastiveLoss inner = ContrastiveLossTest.lossOf(kind);
            MatryoshkaLoss loss = new MatryoshkaLoss(inner, dims, weights);
            for (LossCase c : new LossCase[] {
                LossCase.random(61, 5, 6, 0), LossCase.random(62, 4, 6, 2), LossCase.withDuplicates(63, 6)
            }) {
                LossAndGradients got = c.computeWith(loss, DataType.DOUBLE);
                double expected = directSum(kind, c, inner.temperature(), dims, weights);
                assertEquals(expected, got.loss(), 1e-9, kind + " matryoshka loss");
                worst = Math.max(worst, finiteDifferences(kind, inner.temperature(), c, got, dims, weights));
            }
        }
        System.out.printf("matryoshka: max |analytic - five-point FD of the direct sum| = %.3e%n", worst);
    }

    private static double finiteDifferences(
            Kind kind, double tau, LossCase c, LossAndGradients got, int[] dims, double[] weights) {
        double worst = 0;
        double[][][] inputs = {c.queries, c.docs, c.negatives};
        INDArray[] grads = {got.dQueries(), got.dDocs(), got.dNegatives()};
        double eps = 1e-5;
        double[] offsets = {-2 * eps, -eps, eps, 2 * eps};
        for (int a = 0; a < inputs.length; a++) {
            double[][] x = inputs[a];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    double analytic = grads[a].getDouble(i, j);
                    if (a == 2 && !c.negativePresent[i]) {
                        assertEquals(0.0, analytic, 0.0, "absent negative must get a zero gradient");
                        continue;
                    }
                    double keep = x[i][j];
                    double[] f = new double[4];
                    for (int o = 0; o < 4; o++) {
                        x[i][j] = keep + offsets[o];
                        f[o] = directSum(kind, c, tau, dims, weights);
                    }
                    x[i][j] = keep;
                    double numeric = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * eps);
                    worst = Math.max(worst, Math.abs(analytic - numeric));
                    assertTrue(
                            Math.abs(analytic - numeric) <= 1e-8 + 1e-6 * Math.abs(numeric),
                            kind + " input " + a + " [" + i + "," + j + "]: analytic " + analytic + " numeric "
                                    + numeric);
                }
            }
        }
        return worst;
    }

    @Test
    void gradientIsTheZeroPaddedSumOfTheInnerGradients() {
        LossCase c = LossCase.random(64, 6, 8, 1);
        ContrastiveLoss inner = new ImprovedContrastiveLoss();
        int[] dims = {8, 3};
        LossAndGradients got = c.computeWith(new MatryoshkaLoss(inner, dims, null), DataType.DOUBLE);
        LossAndGradients full = c.computeWith(inner, DataType.DOUBLE);
        LossAndGradients small = truncated(c, 3).computeWith(inner, DataType.DOUBLE);
        assertEquals(full.loss() + small.loss(), got.loss(), 1e-12);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 8; j++) {
                double expected = full.dQueries().getDouble(i, j)
                        + (j < 3 ? small.dQueries().getDouble(i, j) : 0);
                assertEquals(expected, got.dQueries().getDouble(i, j), 1e-12);
            }
        }
    }

    @Test
    void oneDimensionAtFullWidthIsTheInnerLoss() {
        LossCase c = LossCase.withDuplicates(65, 5);
        ContrastiveLoss inner = new SymmetricInfoNceLoss(0.05);
        LossAndGradients a = c.computeWith(new MatryoshkaLoss(inner, new int[] {5}, new double[] {1}), DataType.DOUBLE);
        LossAndGradients b = c.computeWith(inner, DataType.DOUBLE);
        assertEquals(b.loss(), a.loss(), 0.0);
        assertTrue(a.dDocs().equalsWithEps(b.dDocs(), 0.0));
        assertTrue(a.dNegatives().equalsWithEps(b.dNegatives(), 0.0));
    }

    @Test
    void badDimensionsAndWeightsAreRejected() {
        ContrastiveLoss inner = new InfoNceLoss();
        assertThrows(IllegalArgumentException.class, () -> new MatryoshkaLoss(inner, new int[] {4, 4}, null));
        assertThrows(IllegalArgumentException.class, () -> new MatryoshkaLoss(inner, new int[] {2, 4}, null));
        assertThrows(
                IllegalArgumentException.class, () -> new MatryoshkaLoss(inner, new int[] {4, 2}, new double[] {1}));
        assertThrows(
                IllegalArgumentException.class, () -> new MatryoshkaLoss(inner, new int[] {4, 2}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> new MatryoshkaLoss(inner, new int[] {}, null));
        LossCase c = LossCase.random(66, 3, 4, 0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> c.computeWith(new MatryoshkaLoss(inner, new int[] {5, 2}, null), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("exceeds the embedding size 4"), e.getMessage());
    }

    @Test
    void labelNamesInnerLossDimensionsAndWeights() {
        assertEquals(
                "improved(qq,dq,dd) matryoshka[384,256]",
                new MatryoshkaLoss(new ImprovedContrastiveLoss(), new int[] {384, 256}, null).label());
        assertEquals(
                "infonce matryoshka[384:1.0,64:0.5]",
                new MatryoshkaLoss(new InfoNceLoss(), new int[] {384, 64}, new double[] {1, 0.5}).label());
        assertEquals(
                "infonce matryoshka[8,4]",
                LossRegistry.create(new LossSpec("infonce", 0.05, LossSpec.ImprovedTerms.ALL, List.of(8, 4), List.of()))
                        .label());
    }
}
