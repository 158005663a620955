package io.github.gtespark.prep.sample;

import java.util.SplittableRandom;

/**
 * Splits a target number of pairs over sources by drawing each pair's source from the mixing distribution
 * (a multinomial draw), with a seeded generator: the same seed gives the same allocation.
 */
public final class MultinomialAllocation {

    private MultinomialAllocation() {}

    public static long[] allocate(double[] probabilities, long total, long seed) {
        double[] cumulative = new double[probabilities.length];
        double acc = 0;
        int last = -1;
        for (int i = 0; i < probabilities.length; i++) {
            acc += probabilities[i];
            cumulative[i] = acc;
            if (probabilities[i] > 0) {
                last = i;
            }
        }
        long[] counts = new long[probabilities.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (long t = 0; t < total; t++) {
            double u = random.nextDouble() * acc;
            int lo = 0;
            int hi = probabilities.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            while (probabilities[lo] == 0 && lo < last) {
                lo++;
            }
            counts[lo]++;
        }
        return counts;
    }
}
