package io.github.gtespark.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation coefficient: the Pearson correlation of the two samples' ranks, where tied
 * values get the average of the ranks they span (fractional ranking, as {@code scipy.stats.spearmanr} and
 * the STS evaluators of SentEval / sentence-transformers compute it).
 */
public final class SpearmanCorrelation {

    private SpearmanCorrelation() {}

    /**
     * The coefficient in [-1, 1] of the paired samples {@code x} and {@code y}; {@code NaN} when either sample
     * is constant (the correlation is undefined then, as in scipy).
     *
     * @throws IllegalArgumentException if the lengths differ, there are fewer than two pairs, or a value is NaN
     */
    public static double of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("Spearman correlation needs at least 2 pairs, got " + x.length);
        }
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** 1-based ranks of {@code values} in ascending order, ties sharing the mean of their ranks. */
    public static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("NaN at index " + i);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) {
                end++;
            }
            // positions start..end-1 (0-based) hold equal values: ranks start+1..end, mean (start+1+end)/2
            double rank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) {
                ranks[order[k]] = rank;
            }
            start = end;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }
        if (varA == 0 || varB == 0) {
            return Double.NaN;
        }
        return cov / Math.sqrt(varA * varB);
    }
}
