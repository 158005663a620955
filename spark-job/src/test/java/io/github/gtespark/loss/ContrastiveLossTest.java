package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.loss.LoopReferenceLoss.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The vectorised losses against a direct-loop implementation (loss values and central finite differences of it) and
 * against PyTorch autograd, in double; float against double; duplicate and absent-negative handling.
 */
class ContrastiveLossTest {

    static ContrastiveLoss lossOf(Kind kind) {
        return switch (kind) {
            case IMPROVED -> new ImprovedContrastiveLoss();
            case IMPROVED_NEGATIVES_IN_DD -> new ImprovedContrastiveLoss(0.02, true);
            case IMPROVED_NO_QQ -> new ImprovedContrastiveLoss(0.05, false, false, true, true);
            case IMPROVED_DD_ONLY -> new ImprovedContrastiveLoss(0.02, true, false, false, true);
            case IMPROVED_NO_DD -> new ImprovedContrastiveLoss(0.03, true, true, true, false);
            case IMPROVED_NO_EXTRA_TERMS -> new ImprovedContrastiveLoss(0.05, false, false, false, false);
            case INFONCE -> new InfoNceLoss();
            case SYMMETRIC -> new SymmetricInfoNceLoss(0.03);
        };
    }

    static String torchName(Kind kind) {
        return switch (kind) {
            case IMPROVED,
                    IMPROVED_NEGATIVES_IN_DD,
                    IMPROVED_NO_QQ,
                    IMPROVED_DD_ONLY,
                    IMPROVED_NO_DD,
                    IMPROVED_NO_EXTRA_TERMS -> "improved";
            case INFONCE -> "infonce";
            case SYMMETRIC -> "symmetric";
        };
    }

    static LossCase[] cases() {
        return new LossCase[] {
            LossCase.random(11, 5, 4, 0), LossCase.random(12, 4, 6, 3), LossCase.withDuplicates(13, 5)
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void lossEqualsDirectLoopAndGradientEqualsFiniteDifferencesOfIt(Kind kind) {
        ContrastiveLoss loss = lossOf(kind);
        double worst = 0;
        for (LossCase c : cases()) {
            LossAndGradients got = c.computeWith(loss, DataType.DOUBLE);
            double expected = LoopReferenceLoss.loss(kind, c, loss.temperature());
            assertEquals(expected, got.loss(), 1e-10 * Math.max(1, Math.abs(expected)), kind + " loss");
            worst = Math.max(worst, checkAgainstFiniteDifferences(kind, loss.temperature(), c, got));
        }
        System.out.printf("%s: max |analytic - five-point central FD of the loop oracle| = %.3e%n", kind, worst);
    }

    /** Returns the worst absolute difference; fails above 1e-8 + 1e-6 |numeric|. */
    private static double checkAgainstFiniteDifferences(Kind kind, double tau, LossCase c, LossAndGradients got) {
        double worst = 0;
        double[][][] inputs = {c.queries, c.docs, c.negatives};
        INDArray[] grads = {got.dQueries(), got.dDocs(), got.dNegatives()};
        double eps = 1e-5;
        for (int a = 0; a < inputs.length; a++) {
            double[][] x = inputs[a];
            for (int i = 0; i < x.length; i++) {
                boolean absent = a == 2 && !c.negativePresent[i];
                for (int j = 0; j < x[i].length; j++) {
                    double analytic = grads[a].getDouble(i, j);
                    if (absent) {
                        assertEquals(0.0, analytic, 0.0, "absent negative must get a zero gradient");
                        continue;
                    }
                    double keep = x[i][j];
                    double[] f = new double[4];
                    double[] offsets = {-2 * eps, -eps, eps, 2 * eps};
                    for (int o = 0; o < 4; o++) {
                        x[i][j] = keep + offsets[o];
                        f[o] = LoopReferenceLoss.loss(kind, c, tau);
                    }
                    x[i][j] = keep;
                    // five-point central difference, truncation error O(eps^4)
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
    void lossAndGradientsEqualPyTorchAutograd() throws Exception {
        List<TorchReference.Case> torchCases = new ArrayList<>();
        List<LossAndGradients> ours = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            ContrastiveLoss loss = lossOf(kind);
            for (LossCase c : cases()) {
                if (loss instanceof ImprovedContrastiveLoss improved) {
                    torchCases.add(new TorchReference.Case(
                            torchName(kind),
                            loss.temperature(),
                            improved.negativesInDocumentTerm(),
                            improved.queryQuery(),
                            improved.docQuery(),
                            improved.docDoc(),
                            c));
                } else {
                    torchCases.add(new TorchReference.Case(torchName(kind), loss.temperature(), false, c));
                }
                ours.add(c.computeWith(loss, DataType.DOUBLE));
                kinds.add(kind);
            }
        }
        List<TorchReference.Result> refs = TorchReference.run(torchCases);
        double worst = 0;
        for (int n = 0; n < refs.size(); n++) {
            TorchReference.Result ref = refs.get(n);
            LossAndGradients got = ours.get(n);
            Kind kind = kinds.get(n);
            assertEquals(ref.loss(), got.loss(), 1e-6, kind + " loss vs torch");
            worst = Math.max(worst, Math.abs(ref.loss() - got.loss()));
            worst = Math.max(worst, TorchReference.assertWithin1e6(ref.dQueries(), got.dQueries(), kind + " dQueries"));
            worst = Math.max(worst, TorchReference.assertWithin1e6(ref.dDocs(), got.dDocs(), kind + " dDocs"));
            if (torchCases.get(n).batch().k > 0) {
                worst = Math.max(
                        worst,
                        TorchReference.assertWithin1e6(ref.dNegatives(), got.dNegatives(), kind + " dNegatives"));
            }
        }
        System.out.printf(
                "all losses vs torch %s (%d cases): max abs difference of loss and gradients = %.3e%n",
                refs.get(0).torchVersion(), refs.size(), worst);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void floatMatchesDouble(Kind kind) {
        ContrastiveLoss loss = lossOf(kind);
        for (LossCase c : cases()) {
            LossAndGradients d = c.computeWith(loss, DataType.DOUBLE);
            LossAndGradients f = c.computeWith(loss, DataType.FLOAT);
            assertEquals(DataType.FLOAT, f.dQueries().dataType());
            assertEquals(d.loss(), f.loss(), 1e-4 * Math.max(1, Math.abs(d.loss())));
            double scale = Math.max(1e-3, d.dQueries().amaxNumber().doubleValue());
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
    void improvedWithoutExtraTermsIsInfoNce() {
        ContrastiveLoss none = new ImprovedContrastiveLoss(0.05, true, false, false, false);
        ContrastiveLoss infoNce = new InfoNceLoss(0.05);
        for (LossCase c : cases()) {
            LossAndGradients a = c.computeWith(none, DataType.DOUBLE);
            LossAndGradients b = c.computeWith(infoNce, DataType.DOUBLE);
            assertEquals(b.loss(), a.loss(), 1e-12);
            assertTrue(a.dQueries().equalsWithEps(b.dQueries(), 1e-12), "dQueries");
            assertTrue(a.dDocs().equalsWithEps(b.dDocs(), 1e-12), "dDocs");
            if (c.k > 0) {
                assertTrue(a.dNegatives().equalsWithEps(b.dNegatives(), 1e-12), "dNegatives");
            }
        }
    }

    @Test
    void improvedLabelNamesTheTermsThatAreOn() {
        assertEquals("improved(qq,dq,dd)", new ImprovedContrastiveLoss().label());
        assertEquals("improved(dq)", new ImprovedContrastiveLoss(0.01, false, false, true, false).label());
        assertEquals("improved()", new ImprovedContrastiveLoss(0.01, false, false, false, false).label());
        assertEquals("infonce", new InfoNceLoss().label());
        assertEquals("symmetric-infonce", new SymmetricInfoNceLoss().label());
        assertEquals(
                "improved(qq,dd)",
                LossRegistry.create(new LossSpec("improved", 0.01, new LossSpec.ImprovedTerms(true, false, true)))
                        .label());
    }

    @Test
    void largeBatchIsSplitIntoBlocksAndStaysExact() {
        // 600 pairs: the logit blocks hold fewer rows than the batch (BatchEmbeddings.BLOCK_ELEMENTS)
        LossCase c = LossCase.random(21, 600, 8, 0);
        c.queryHashes[590] = c.docHashes[3]; // a duplicate across blocks
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        LossAndGradients got = c.computeWith(loss, DataType.DOUBLE);
        assertEquals(LoopReferenceLoss.loss(Kind.IMPROVED, c, loss.temperature()), got.loss(), 1e-9);
        ToDoubleFunction<LossCase> f = x -> x.computeWith(loss, DataType.DOUBLE).loss();
        int[][] coordinates = {{2, 0}, {590, 3}};
        for (int[] rc : coordinates) {
            for (int which = 0; which < 2; which++) {
                double[][] x = which == 0 ? c.queries : c.docs;
                double keep = x[rc[0]][rc[1]];
                x[rc[0]][rc[1]] = keep + 1e-6;
                double plus = f.applyAsDouble(c);
                x[rc[0]][rc[1]] = keep - 1e-6;
                double minus = f.applyAsDouble(c);
                x[rc[0]][rc[1]] = keep;
                double numeric = (plus - minus) / 2e-6;
                double analytic = (which == 0 ? got.dQueries() : got.dDocs()).getDouble(rc[0], rc[1]);
                assertEquals(numeric, analytic, 1e-8 + 1e-5 * Math.abs(numeric), "grad at " + rc[0] + "," + rc[1]);
            }
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        LossCase c = LossCase.random(31, 8, 4, 2);
        c.docs[2] = c.queries[2].clone(); // cos = 1 -> logit 1/tau
        for (ContrastiveLoss loss : new ContrastiveLoss[] {
            new ImprovedContrastiveLoss(1e-4, true), new InfoNceLoss(1e-4), new SymmetricInfoNceLoss(1e-4)
        }) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                LossAndGradients r = c.computeWith(loss, type);
                assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0, loss + " " + type + " loss " + r.loss());
                assertTrue(Double.isFinite(r.dQueries().sumNumber().doubleValue()), loss + " " + type);
                assertTrue(Double.isFinite(r.dNegatives().sumNumber().doubleValue()), loss + " " + type);
            }
        }
    }

    @Test
    void exactCopyOfAPairDoesNotActAsItsNegative() {
        // pair 1 is an exact copy of pair 0 (same texts, same embeddings): with the mask, the loss of the batch
        // equals the loss of the batch where the copy's texts cannot be told apart from distinct texts only
        // through the mask, so compare the masked loss with the loop oracle and with the unmasked one (must differ)
        LossCase c = LossCase.random(41, 5, 6, 0);
        c.queries[1] = c.queries[0].clone();
        c.docs[1] = c.docs[0].clone();
        LossCase unmasked = LossCase.random(41, 5, 6, 0);
        unmasked.queries[1] = c.queries[1];
        unmasked.docs[1] = c.docs[1];
        c.queryHashes[1] = c.queryHashes[0];
        c.docHashes[1] = c.docHashes[0];
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        double masked = c.computeWith(loss, DataType.DOUBLE).loss();
        double plain = unmasked.computeWith(loss, DataType.DOUBLE).loss();
        assertEquals(LoopReferenceLoss.loss(Kind.IMPROVED, c, loss.temperature()), masked, 1e-10);
        // the copy of the positive has logit 1/tau in Z: without the mask the loss is at least log 2 higher per row
        assertTrue(plain - masked > 0.5, "unmasked " + plain + " masked " + masked);
    }

    @Test
    void maskFromBatchLabelsReadsHashesAndAbsentNegatives() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 2, 3, 4}, {5, 2, 7, 8}});
        INDArray negMask = Nd4j.createFromArray(new double[][] {{1, 1, 0}, {1, 0, 0}, {1, 1, 1}, {0, 0, 0}});
        DuplicateMask mask = DuplicateMask.fromLabels(labels, negMask);
        assertEquals(2, mask.pairs());
        assertEquals(2, mask.negativesPerPair());
        assertEquals(7.0, mask.negativeHash(2));
        assertTrue(mask.negativePresent(0) && mask.negativePresent(2));
        assertTrue(!mask.negativePresent(3));
        assertEquals(2, mask.docsSharingTextWith(0).length); // docs 0 and 1 share hash 2
        assertThrows(IllegalArgumentException.class, () -> DuplicateMask.fromLabels(labels, Nd4j.ones(3, 3)));
    }

    @Test
    void badShapesAreRejectedWithAClearError() {
        LossCase c = LossCase.random(51, 4, 3, 1);
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> loss.compute(c.queriesArray(DataType.DOUBLE), Nd4j.ones(DataType.DOUBLE, 3, 3), null, c.mask()));
        assertTrue(e.getMessage().contains("[n, h]"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> loss.compute(c.queriesArray(DataType.DOUBLE), c.docsArray(DataType.DOUBLE), null, c.mask()));
        assertThrows(IllegalArgumentException.class, () -> new ImprovedContrastiveLoss(0, false));
    }
}
