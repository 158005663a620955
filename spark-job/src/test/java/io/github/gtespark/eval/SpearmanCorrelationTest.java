package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpearmanCorrelationTest {

    @Test
    void tiedValuesShareTheMeanOfTheirRanks() {
        double[] ranks = SpearmanCorrelation.averageRanks(new double[] {10, 20, 10, 30, 20, 20});
        // 10,10 take ranks 1,2 -> 1.5; 20,20,20 take 3,4,5 -> 4; 30 -> 6
        assertArrayEquals(new double[] {1.5, 4, 1.5, 6, 4, 4}, ranks, 0);
    }

    @Test
    void handComputedCoefficientWithATie() {
        // y ranks [1, 2, 3.5, 5, 3.5]; cov 8, var 10 and 9.5 -> 8 / sqrt(95)
        double rho = SpearmanCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
        assertEquals(8 / Math.sqrt(95), rho, 1e-12);
        assertEquals(0.8207826816681233, rho, 1e-12); // scipy.stats.spearmanr
    }

    @Test
    void matchesScipyOnTiesInBothSamples() {
        double[] gold = {0.5, 2.0, 2.0, 3.5, 1.0, 4.0, 4.0, 4.0, 0.0, 5.0};
        double[] predicted = {0.1, 0.3, 0.2, 0.9, 0.3, 0.7, 0.8, 0.6, 0.05, 0.95};
        // scipy 1.17.1: spearmanr(gold, predicted).statistic
        assertEquals(0.8858699819951006, SpearmanCorrelation.of(gold, predicted), 1e-12);
        assertEquals(0.8858699819951006, SpearmanCorrelation.of(predicted, gold), 1e-12);
    }

    @Test
    void dependsOnlyOnOrder() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.0, SpearmanCorrelation.of(x, new double[] {1, 8, 27, 64}), 1e-12);
        assertEquals(-1.0, SpearmanCorrelation.of(x, new double[] {-1, -8, -27, -64}), 1e-12);
    }

    @Test
    void constantSampleIsUndefined() {
        assertTrue(Double.isNaN(SpearmanCorrelation.of(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(
                IllegalArgumentException.class, () -> SpearmanCorrelation.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SpearmanCorrelation.of(new double[] {1}, new double[] {1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> SpearmanCorrelation.of(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }
}
