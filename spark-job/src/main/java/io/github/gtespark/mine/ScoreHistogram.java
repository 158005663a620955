package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosines counted in bins of 0.001 over [-1, 1] (values outside are clamped): quantiles to within 0.001 in
 * bounded memory, mergeable across tasks.
 */
public final class ScoreHistogram implements Serializable {

    private static final int BINS = 2001;
    private final long[] counts = new long[BINS];
    private long total;

    public void add(double score) {
        int bin = (int) Math.round((Math.max(-1, Math.min(1, score)) + 1) * 1000);
        counts[bin]++;
        total++;
    }

    public ScoreHistogram merge(ScoreHistogram other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        return this;
    }

    public long total() {
        return total;
    }

    /** The bin centre holding quantile {@code q} (nearest rank), or null when empty. */
    public Double quantile(double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.round((i / 1000.0 - 1) * 1000) / 1000.0;
            }
        }
        return 1.0;
    }

    /** count, min, p01, p05, p25, p50, p75, p95, p99, max. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", total);
        m.put("min", quantile(0));
        for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
            m.put(String.format(java.util.Locale.ROOT, "p%02d", Math.round(q * 100)), quantile(q));
        }
        m.put("max", quantile(1));
        return m;
    }
}
