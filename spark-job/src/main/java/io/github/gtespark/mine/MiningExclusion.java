package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair (or a malformed input line, which counts as one pair read) that is not in the output, with its reason:
 * a prepare-corpus reading reason ({@code malformed_json}, {@code invalid_utf8}, {@code missing_field}, ...),
 * {@code empty} (a side empty after cleaning), {@code duplicate_pair} (the same query and positive again),
 * {@code inconsistent} (with the positive's pool {@code rank}) or {@code no-negative}. Malformed lines carry their
 * {@code file}, 1-based {@code line} and raw {@code text}.
 */
public record MiningExclusion(
        int source,
        String sourceName,
        String reason,
        String query,
        String pos,
        Long rank,
        String file,
        Long line,
        String text,
        String detail)
        implements Serializable {

    public static final String EMPTY = "empty";
    public static final String DUPLICATE_PAIR = "duplicate_pair";
    public static final String INCONSISTENT = "inconsistent";
    public static final String NO_NEGATIVE = "no-negative";

    public static MiningExclusion ofPair(
            int source, String sourceName, String reason, String query, String pos, Long rank, String detail) {
        return new MiningExclusion(source, sourceName, reason, query, pos, rank, null, null, null, detail);
    }

    /** The JSON object of {@code exclusions/part-*.jsonl} (null fields left out). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query", query);
        m.put("pos", pos);
        m.put("reason", reason);
        m.put("input", sourceName);
        if (rank != null) {
            m.put("rank", rank);
        }
        if (file != null) {
            m.put("file", file);
        }
        if (line != null) {
            m.put("line", line);
        }
        if (text != null) {
            m.put("text", text);
        }
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }
}
