package io.github.gtespark.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The known configuration keys closest to a mistyped one (Levenshtein distance, ties in alphabetical order), for
 * errors such as "unknown configuration key 'train.stepz'; closest known keys: train.steps, ...".
 */
public final class ClosestKeys {

    private ClosestKeys() {}

    /** Up to {@code n} distinct keys of {@code known} nearest to {@code key}, nearest first. */
    public static List<String> to(String key, Collection<String> known, int n) {
        return known.stream()
                .distinct()
                .sorted(Comparator.comparingInt((String k) -> distance(k, key)).thenComparing(k -> k))
                .limit(n)
                .toList();
    }

    /** The Levenshtein distance between {@code a} and {@code b} (insertions, deletions, substitutions). */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
