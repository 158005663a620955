package io.github.gtespark.prep.output;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders the per-source counts as a plain-text (and Markdown-compatible) table. */
public final class CountsTable {

    private CountsTable() {}

    public static String render(List<SourceCounts> sources) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| source | read | kept | excluded | p | sampled | batches | dropped (partial/conflict) | exclusions by reason |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        long read = 0, kept = 0, excluded = 0, sampled = 0, batches = 0, partial = 0, conflict = 0;
        Map<String, Long> all = new TreeMap<>();
        for (SourceCounts s : sources) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.4f | %d | %d | %d/%d | %s |%n",
                    s.name,
                    s.read,
                    s.kept,
                    s.excludedTotal(),
                    s.probability,
                    s.sampled,
                    s.batches,
                    s.droppedPartial,
                    s.droppedConflict,
                    reasons(s.excluded)));
            read += s.read;
            kept += s.kept;
            excluded += s.excludedTotal();
            sampled += s.sampled;
            batches += s.batches;
            partial += s.droppedPartial;
            conflict += s.droppedConflict;
            s.excluded.forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        sb.append(String.format(
                Locale.ROOT,
                "| **total** | %d | %d | %d | 1 | %d | %d | %d/%d | %s |%n",
                read,
                kept,
                excluded,
                sampled,
                batches,
                partial,
                conflict,
                reasons(all)));
        return sb.toString();
    }

    private static String reasons(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
