package io.github.gtespark.loss;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        return loss(kind, c, tau, false);
    }

    /**
     * @param knownPositives whether pair i's excluded texts also hold the texts of every pair sharing a text with it
     *                       (the {@link KnownPositivesMaskedLoss} rule), not only its own two
     */
    static double loss(Kind kind, LossCase c, double tau, boolean knownPositives) {
        List<Set<Double>> ex = excludedTexts(c, knownPositives);
        return switch (kind) {
            case IMPROVED -> improved(c, ex, tau, false, true, true, true);
            case IMPROVED_NEGATIVES_IN_DD -> improved(c, ex, tau, true, true, true, true);
            case IMPROVED_NO_QQ -> improved(c, ex, tau, false, false, true, true);
            case IMPROVED_DD_ONLY -> improved(c, ex, tau, true, false, false, true);
            case IMPROVED_NO_DD -> improved(c, ex, tau, true, true, true, false);
            case IMPROVED_NO_EXTRA_TERMS -> improved(c, ex, tau, false, false, false, false);
            case INFONCE -> queryToDoc(c, ex, tau);
            case SYMMETRIC -> 0.5 * (queryToDoc(c, ex, tau) + docToQuery(c, ex, tau));
        };
    }

    /** For each pair i: {q_i, d_i}, plus with knownPositives the two texts of every pair j that shares one of them. */
    private static List<Set<Double>> excludedTexts(LossCase c, boolean knownPositives) {
        int n = c.pairs();
        List<Set<Double>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Set<Double> t = new HashSet<>(List.of(c.queryHashes[i], c.docHashes[i]));
            if (knownPositives) {
                for (int j = 0; j < n; j++) {
                    double qj = c.queryHashes[j];
                    double dj = c.docHashes[j];
                    if (qj == c.queryHashes[i]
                            || qj == c.docHashes[i]
                            || dj == c.queryHashes[i]
                            || dj == c.docHashes[i]) {
                        t.add(qj);
                        t.add(dj);
                    }
                }
            }
            out.add(t);
        }
        return out;
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

    private static boolean own(List<Set<Double>> ex, int i, double hash) {
        return ex.get(i).contains(hash);
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
    static double improved(
            LossCase c, List<Set<Double>> ex, double tau, boolean negativesInDd, boolean qq, boolean dq, boolean dd) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(ex, i, c.docHashes[j])) {
                    z.add(s(c.queries[i], c.docs[j], tau));
                }
            }
            for (int r = 0; r < c.negatives.length; r++) {
                if (c.negativePresent[r] && !own(ex, i, c.negativeHashes[r])) {
                    z.add(s(c.queries[i], c.negatives[r], tau));
                }
            }
            for (int j = 0; j < n && qq; j++) {
                if (j != i && !own(ex, i, c.queryHashes[j])) {
                    z.add(s(c.queries[i], c.queries[j], tau));
                }
            }
            for (int j = 0; j < n && dq; j++) {
                if (j == i || !own(ex, i, c.queryHashes[j])) {
                    z.add(s(c.queries[j], c.docs[i], tau));
                }
            }
            for (int j = 0; j < n && dd; j++) {
                if (j != i && !own(ex, i, c.docHashes[j])) {
                    z.add(s(c.docs[i], c.docs[j], tau));
                }
            }
            if (negativesInDd && dd) {
                for (int r = 0; r < c.negatives.length; r++) {
                    if (c.negativePresent[r] && r / c.k != i && !own(ex, i, c.negativeHashes[r])) {
                        z.add(s(c.docs[i], c.negatives[r], tau));
                    }
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }

    private static double queryToDoc(LossCase c, List<Set<Double>> ex, double tau) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(ex, i, c.docHashes[j])) {
                    z.add(s(c.queries[i], c.docs[j], tau));
                }
            }
            for (int r = 0; r < c.negatives.length; r++) {
                if (c.negativePresent[r] && !own(ex, i, c.negativeHashes[r])) {
                    z.add(s(c.queries[i], c.negatives[r], tau));
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }

    private static double docToQuery(LossCase c, List<Set<Double>> ex, double tau) {
        int n = c.pairs();
        double total = 0;
        for (int i = 0; i < n; i++) {
            List<Double> z = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j == i || !own(ex, i, c.queryHashes[j])) {
                    z.add(s(c.queries[j], c.docs[i], tau));
                }
            }
            total += logSumExp(z) - s(c.queries[i], c.docs[i], tau);
        }
        return total / n;
    }
}
