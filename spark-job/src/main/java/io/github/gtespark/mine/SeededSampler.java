package io.github.gtespark.mine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Uniform sampling without replacement, reproducible per query whatever the partitioning: the generator is
 * SplitMix64 seeded with {@code seed XOR FNV-1a-64(UTF-8 bytes of the query)}; a partial Fisher-Yates shuffle of
 * {@code 0..n-1} takes {@code k} positions (position {@code i} swaps with {@code i + next() mod (n - i)}, unsigned),
 * returned in ascending order. {@code scripts/reference/mining_reference.py} implements the same generator.
 */
public final class SeededSampler {

    private SeededSampler() {}

    /** {@code min(k, n)} distinct indices of {@code 0..n-1}, ascending. */
    public static int[] sample(int n, int k, long seed, String query) {
        int take = Math.min(k, n);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        long state = seed ^ fnv1a64(query);
        for (int i = 0; i < take; i++) {
            state += 0x9E3779B97F4A7C15L;
            int j = i + (int) Long.remainderUnsigned(mix(state), n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] chosen = Arrays.copyOf(a, take);
        Arrays.sort(chosen);
        return chosen;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a64(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h *= 0x100000001B3L;
        }
        return h;
    }
}
