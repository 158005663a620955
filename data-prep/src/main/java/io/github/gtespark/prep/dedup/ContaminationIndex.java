package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.clean.TextCleaner;
import io.github.gtespark.prep.config.MinHashSettings;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts of the evaluation sets, indexed for near-duplicate lookup: exact normalized-text hashes, the set of
 * all their shingles (an exact pre-filter: see {@link #match}) and MinHash signatures bucketed by LSH band keys. Small enough to broadcast (an STS set is a few thousand sentences).
 */
public final class ContaminationIndex implements Serializable {

    private final MinHasher hasher;
    private final double threshold;
    private final Map<Long, String> exact = new HashMap<>();
    private final Map<Long, int[]> buckets = new HashMap<>();
    private final int[][] signatures;
    /** Every shingle hash of every evaluation text, sorted (for the exact Jaccard bound in {@link #match}). */
    private final long[] allShingles;

    private final String[] names;

    /** @param texts evaluation texts, already cleaned with {@link TextCleaner}; {@code setNames} parallel to it */
    public ContaminationIndex(List<String> texts, List<String> setNames, MinHashSettings settings) {
        this.hasher = new MinHasher(settings);
        this.threshold = settings.threshold();
        this.signatures = new int[texts.size()][];
        this.names = setNames.toArray(new String[0]);
        Map<Long, List<Integer>> lists = new HashMap<>();
        java.util.TreeSet<Long> shingles = new java.util.TreeSet<>();
        for (int i = 0; i < texts.size(); i++) {
            for (long sh : hasher.shingles(texts.get(i))) {
                shingles.add(sh);
            }
            exact.putIfAbsent(TextHash.ofNormalized(texts.get(i)), setNames.get(i));
            signatures[i] = hasher.signature(texts.get(i));
            for (long key : hasher.bandKeys(signatures[i])) {
                lists.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(i);
            }
        }
        this.allShingles = shingles.stream().mapToLong(Long::longValue).toArray();
        for (Map.Entry<Long, List<Integer>> e : lists.entrySet()) {
            buckets.put(
                    e.getKey(),
                    e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
    }

    public int size() {
        return signatures.length;
    }

    /** The name of the evaluation set {@code text} near-duplicates, or null. {@code text} must be cleaned. */
    public String match(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String exactSet = exact.get(TextHash.ofNormalized(text));
        if (exactSet != null) {
            return exactSet + " (exact)";
        }
        // Jaccard(A, B) >= t needs |A n B| >= t |A|: a text with fewer of its shingles anywhere in the evaluation
        // sets cannot be a near duplicate of any evaluation text (skips the signature for almost every text).
        long[] sh = hasher.shingles(text);
        if (sh.length == 0) {
            return null;
        }
        java.util.Arrays.sort(sh);
        int distinct = 0;
        int hits = 0;
        for (int i = 0; i < sh.length; i++) {
            if (i > 0 && sh[i] == sh[i - 1]) {
                continue;
            }
            distinct++;
            if (java.util.Arrays.binarySearch(allShingles, sh[i]) >= 0) {
                hits++;
            }
        }
        if (hits < threshold * distinct) {
            return null;
        }
        int[] sig = hasher.signature(text);
        for (long key : hasher.bandKeys(sig)) {
            int[] members = buckets.get(key);
            if (members == null) {
                continue;
            }
            for (int m : members) {
                if (MinHasher.similarity(sig, signatures[m]) >= threshold) {
                    return names[m];
                }
            }
        }
        return null;
    }
}
