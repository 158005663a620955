package io.github.gtespark.prep.config;

import java.io.Serializable;
import java.util.List;

/**
 * One configured corpus source.
 *
 * @param index      position in the configuration (0-based), part of every record id of this source
 * @param name       name used in shards, manifest and exclusions
 * @param paths      files, directories or globs on any Hadoop FileSystem (already resolved against base-dir)
 * @param queryField query field/column (name, or 0-based index for a TSV without header)
 * @param docField   positive-document field/column (in JSON and Parquet a string or an array of strings: one pair per element)
 * @param negField   hard-negative field/column or null (string or array of strings)
 * @param header     TSV only: first line of each file is a header
 * @param unescape   TSV only: decode the escapes backslash-n, backslash-t, backslash-backslash inside fields
 * @param weight     multiplies n^alpha in the mixing probability
 * @param stackExchangePairs stackexchange only: which pairs to build ({@code title-body}, {@code question-answer})
 */
public record SourceSpec(
        int index,
        String name,
        SourceFormat format,
        List<String> paths,
        PairType pairType,
        String queryField,
        String docField,
        String negField,
        boolean header,
        boolean unescape,
        double weight,
        List<String> stackExchangePairs)
        implements Serializable {

    public static final String TITLE_BODY = "title-body";
    public static final String QUESTION_ANSWER = "question-answer";

    public boolean hasNegatives() {
        return negField != null && !negField.isEmpty();
    }
}
