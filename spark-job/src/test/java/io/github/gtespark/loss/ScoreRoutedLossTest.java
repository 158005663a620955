package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ScoreRoutedLoss}: a batch with gold scores gets exactly what the scored loss computes on it, a batch without
 * exactly what the pairs loss computes (value and every gradient, bit for bit: the router adds no arithmetic), also
 * inside Matryoshka as the registry builds it; and the combinations it refuses.
 */
class ScoreRoutedLossTest {

    private static void assertSameResult(LossAndGradients expected, LossAndGradients got) {
        assertEquals(expected.loss(), got.loss(), 0.0);
        assertArrayEquals(vector(expected.dQueries()), vector(got.dQueries()), 0.0);
        assertArrayEquals(vector(expected.dDocs()), vector(got.dDocs()), 0.0);
        if (expected.dNegatives() == null) {
            assertNull(got.dNegatives());
        } else {
            assertArrayEquals(vector(expected.dNegatives()), vector(got.dNegatives()), 0.0);
        }
    }

    private static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    @Test
    void eachBatchGetsTheLossOfItsKindUnchanged() {
        ContrastiveLoss pairs = new ImprovedContrastiveLoss(0.05, false, true, true, true);
        ContrastiveLoss scored = new CoSentLoss(0.05);
        ScoreRoutedLoss routed = new ScoreRoutedLoss(pairs, scored);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            LossCase withScores = LossCase.random(71, 6, 5, 1).withScores(7, 0.5);
            assertSame(scored, routed.lossFor(withScores.mask()));
            assertSameResult(withScores.computeWith(scored, type), withScores.computeWith(routed, type));

            LossCase without = LossCase.random(72, 6, 5, 1);
            assertFalse(without.mask().hasScores());
            assertSame(pairs, routed.lossFor(without.mask()));
            assertSameResult(without.computeWith(pairs, type), without.computeWith(routed, type));
            // and the pairs loss on a scored batch would not have been CoSENT: the routing is what decides
            assertTrue(Math.abs(withScores.computeWith(pairs, type).loss()
                            - withScores.computeWith(routed, type).loss())
                    > 1e-3);
        }
        assertFalse(routed.needsScores());
        assertEquals(0.05, routed.temperature());
        assertEquals("improved(qq,dq,dd)+scored:cosent", routed.label());
    }

    @Test
    void theRegistryBuildsItFromScoredLossAndMatryoshkaWrapsTheRouter() {
        ContrastiveLoss plain = LossRegistry.create(
                new LossSpec("improved", 0.05, LossSpec.ImprovedTerms.ALL, List.of(), List.of(), "cosent"));
        ScoreRoutedLoss routed = assertInstanceOf(ScoreRoutedLoss.class, plain);
        assertInstanceOf(ImprovedContrastiveLoss.class, routed.pairs());
        assertInstanceOf(CoSentLoss.class, routed.scored());
        assertEquals(0.05, routed.scored().temperature());

        ContrastiveLoss mrl = LossRegistry.create(
                new LossSpec("infonce", 0.05, LossSpec.ImprovedTerms.ALL, List.of(5, 3), List.of(), "cosent"));
        MatryoshkaLoss m = assertInstanceOf(MatryoshkaLoss.class, mrl);
        assertInstanceOf(ScoreRoutedLoss.class, m.inner());
        LossCase withScores = LossCase.random(73, 5, 5, 0).withScores(8, 1.0);
        MatryoshkaLoss cosentOnly = new MatryoshkaLoss(new CoSentLoss(0.05), new int[] {5, 3}, null);
        assertSameResult(
                withScores.computeWith(cosentOnly, DataType.DOUBLE), withScores.computeWith(mrl, DataType.DOUBLE));
        assertEquals("infonce+scored:cosent matryoshka[5,3]", mrl.label());

        // without scored-loss: one loss, as before
        assertInstanceOf(ImprovedContrastiveLoss.class, LossRegistry.create(new LossSpec("improved", 0.05)));
    }

    @Test
    void refusedCombinations() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new ScoreRoutedLoss(new CoSentLoss(), new CoSentLoss()));
        assertTrue(e.getMessage().contains("the loss of unscored batches cannot need scores"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScoreRoutedLoss(null, new CoSentLoss()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScoreRoutedLoss(
                        new InfoNceLoss(0.05), new MatryoshkaLoss(new CoSentLoss(), new int[] {4}, null)));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> LossRegistry.create(
                        new LossSpec("improved", 0.05, LossSpec.ImprovedTerms.ALL, List.of(), List.of(), "cosnt")));
        assertTrue(e.getMessage().contains("unknown loss 'cosnt'"), e.getMessage());
    }
}
