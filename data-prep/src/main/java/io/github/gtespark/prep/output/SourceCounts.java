package io.github.gtespark.prep.output;

import io.github.gtespark.prep.config.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-source accounting of one run: pairs read, kept after all filters, excluded by reason (so that
 * {@code read == kept + sum(excluded)}), hard negatives removed by reason, mixing probability, pairs allocated by
 * the multinomial draw, pairs written ({@code sampled}) and sampled pairs not written (partial batches, conflicts).
 */
public final class SourceCounts {
    public final String name;
    public final String format;
    public final String pairType;
    public long read;
    public long kept;
    public final Map<String, Long> excluded = new TreeMap<>();
    public final Map<String, Long> negativesRemoved = new TreeMap<>();
    public double probability;
    public long allocated;
    public long sampled;
    public long batches;
    public long droppedPartial;
    public long droppedConflict;
    public int epochs;

    public SourceCounts(String name, String format, String pairType) {
        this.name = name;
        this.format = format;
        this.pairType = pairType;
    }

    /** Empty counts for each configured source, in configuration order. */
    public static List<SourceCounts> of(List<SourceSpec> sources) {
        List<SourceCounts> counts = new ArrayList<>();
        for (SourceSpec s : sources) {
            counts.add(new SourceCounts(
                    s.name(), s.format().configName(), s.pairType().configName()));
        }
        return counts;
    }

    public long excludedTotal() {
        long sum = 0;
        for (long v : excluded.values()) {
            sum += v;
        }
        return sum;
    }

    public boolean reconciles() {
        return read == kept + excludedTotal();
    }
}
