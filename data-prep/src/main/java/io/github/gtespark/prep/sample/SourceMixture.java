package io.github.gtespark.prep.sample;

/**
 * Multinomial source-mixing probabilities (GTE, Li et al. 2023, sec. 3.1):
 * {@code p_i = w_i * n_i^alpha / sum_j w_j * n_j^alpha}, with {@code n_i} the kept pairs of source {@code i} and
 * {@code w_i} its configured weight (default 1). alpha = 1 samples proportionally to size, alpha = 0 uniformly over
 * sources; a source without pairs (or with weight 0) gets probability 0.
 */
public final class SourceMixture {

    private SourceMixture() {}

    public static double[] probabilities(long[] kept, double[] weights, double alpha) {
        double[] p = new double[kept.length];
        double sum = 0;
        for (int i = 0; i < kept.length; i++) {
            p[i] = kept[i] <= 0 ? 0 : weights[i] * Math.pow(kept[i], alpha);
            sum += p[i];
        }
        if (sum <= 0) {
            throw new IllegalStateException("no source has kept pairs with a positive weight: nothing to sample");
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
