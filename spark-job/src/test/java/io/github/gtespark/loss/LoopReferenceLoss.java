package io.github.gtespark.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: the losses written as direct loops over their formulas (see the class docs of
 * {@link ImprovedContrastiveLoss}, {@link InfoNceLoss}, {@link SymmetricInfoNceLoss}), in plain double arithmetic,
 * independent of the vectorised implementations.
 */
final class LoopReferenceLoss {
    /** The improved kinds differ in tau, negatives in d-d and which extra terms of Z_i are on (see ContrastiveLossTest). */
    enum Kind {
        IMPROVED,
        IMPROVED_NEGATIVES_IN_DD,
        IMPROVED_NO_QQ,
        IMPROVED_DD_ONLY,
        IMPROVED_NO_DD,
        IMPROVED_NO_EXTRA_TERMS,
        INFONCE,
        SYMMETRIC
    }

    private LoopReferenceLoss() {}

    static double loss(Kind kind, LossCase c, double tau) {
        return switch (kind) {
            case IMPROVED -> improved(c, tau, false, true, true, true);
            case IMPROVED_NEGATIVES_IN_DD -> improved(c, tau, true, true, true, true);
            case IMPROVED_NO_QQ -> improved(c, tau, false, false, true, true);
            case IMPROVED_DD_ONLY -> improved(c, tau, true, false, false, true);
            case IMPROVED_NO_DD -> improved(c, tau, true, true, true, false);
            case IMPROVED_NO_EXTRA_TERMS -> improved(c, tau, false, false, false, false);
            case INFONCE -> queryToDoc(c, tau);
            case SYMMETRIC -> 0.5 * (queryToDoc(c, tau) + docToQuery(c, tau));
        };
    }

    private static double s(double[] a, double[] b, double tau) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb) / tau;
    }

    private static boolean own(LossCase c, int i, double hash) {
        return hash == c.queryHashes[i] || hash == c.docHashes[i];
    }

    private static double logSumExp(List<Double> terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /** Z_i = q-d [+ q-q] [+ d-q] [+ d-d (+ other pairs' negatives when negativesInDd)]. */
    static double improved(LossCase c, double tau, boolean negativesInDd, boolean qq, boolean dq, boolean dd) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(c, i, c.docHashes[j])) {
                    z.add(s(c.queries[i], c.docs[j], tau));
                }
            }
            for (int r = 0; r < c.negatives.length; r++) {
                if (c.negativePresent[r] && !own(c, i, c.negativeHashes[r])) {
                    z.add(s(c.queries[i], c.negatives[r], tau));
                }
            }
            for (int j = 0; j < n && qq; j++) {
                if (j != i && !own(c, i, c.queryHashes[j])) {
                    z.add(s(c.queries[i], c.queries[j], tau));
                }
            }
            for (int j = 0; j < n && dq; j++) {
                if (j == i || !own(c, i, c.queryHashes[j])) {
                    z.add(s(c.queries[j], c.docs[i], tau));
                }
            }
            for (int j = 0; j < n && dd; j++) {
                if (j != i && !own(c, i, c.docHashes[j])) {
                    z.add(s(c.docs[i], c.docs[j], tau));
                }
            }
            if (negativesInDd && dd) {
                for (int r = 0; r < c.negatives.length; r++) {
                    if (c.negativePresent[r] && r / c.k != i && !own(c, i, c.negativeHashes[r])) {
                        z.add(s(c.docs[i], c.negatives[r], tau));
                    }
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }

    private static double queryToDoc(LossCase c, double tau) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(c, i, c.docHashes[j])) {
                    z.add(s(c.queries[i], c.docs[j], tau));
                }
            }
            for (int r = 0; r < c.negatives.length; r++) {
                if (c.negativePresent[r] && !own(c, i, c.negativeHashes[r])) {
                    z.add(s(c.queries[i], c.negatives[r], tau));
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }

    private static double docToQuery(LossCase c, double tau) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(c, i, c.queryHashes[j])) {
                    z.add(s(c.queries[j], c.docs[i], tau));
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }
}
