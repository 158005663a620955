package io.github.gtespark.prep.sample;

import java.util.SplittableRandom;

/**
 * The global, shuffled order of all batches: batches are listed source by source (in configuration order, each
 * source's batches in their order) and shuffled with a seeded Fisher-Yates shuffle; {@code batchId[s][j]} is the
 * position of source {@code s}'s {@code j}-th batch in training order.
 */
public final class BatchOrder {

    private BatchOrder() {}

    public static long[][] shuffle(int[] batchesPerSource, long seed) {
        int total = 0;
        for (int c : batchesPerSource) {
            total += c;
        }
        int[] source = new int[total];
        int[] local = new int[total];
        int k = 0;
        for (int s = 0; s < batchesPerSource.length; s++) {
            for (int j = 0; j < batchesPerSource[s]; j++) {
                source[k] = s;
                local[k] = j;
                k++;
            }
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0xB47C4_0DE5L);
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int ts = source[i];
            source[i] = source[j];
            source[j] = ts;
            int tl = local[i];
            local[i] = local[j];
            local[j] = tl;
        }
        long[][] batchId = new long[batchesPerSource.length][];
        for (int s = 0; s < batchesPerSource.length; s++) {
            batchId[s] = new long[batchesPerSource[s]];
        }
        for (int i = 0; i < total; i++) {
            batchId[source[i]][local[i]] = i;
        }
        return batchId;
    }
}
