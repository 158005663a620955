package io.github.gtespark.prep.config;

import io.github.gtespark.config.ConfigurationException;
import java.util.Locale;

/** Input formats a corpus source can have. */
public enum SourceFormat {
    /** One JSON object per line; fields configurable, default {@code {"query": str, "pos": [str], "neg": [str]}}. */
    JSONL,
    /** TAB-separated lines, columns by header name or 0-based index. */
    TSV,
    /** Parquet files with string (or array of string) columns. */
    PARQUET,
    /** A Stack Exchange data dump {@code Posts.xml}. */
    STACKEXCHANGE;

    public static SourceFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "unknown source format '" + text + "' (jsonl, tsv, parquet, stackexchange)");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
