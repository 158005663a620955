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
 * @param scoreField tsv and jsonl only: the column/field of each pair's gold score (a number), or null for none
 * @param scoreMin   the smallest score kept (inclusive; -Infinity: no bound)
 * @param scoreMax   the largest score kept (inclusive; +Infinity: no bound)
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
        List<String> stackExchangePairs,
        String scoreField,
        double scoreMin,
        double scoreMax)
        implements Serializable {

    public static final String TITLE_BODY = "title-body";
    public static final String QUESTION_ANSWER = "question-answer";

    public boolean hasNegatives() {
        return negField != null && !negField.isEmpty();
    }

    public boolean hasScore() {
        return scoreField != null && !scoreField.isEmpty();
    }

    /**
     * The reason a score read from this source is not kept ({@code invalid_score}, {@code score_out_of_range}),
     * or null when it is a finite number within {@code scoreMin .. scoreMax}.
     */
    public String scoreProblem(double score) {
        if (!Double.isFinite(score)) {
            return io.github.gtespark.prep.record.ExclusionReason.INVALID_SCORE;
        }
        if (score < scoreMin || score > scoreMax) {
            return io.github.gtespark.prep.record.ExclusionReason.SCORE_OUT_OF_RANGE;
        }
        return null;
    }

    /** The allowed range as text, e.g. {@code [0.0, 5.0]} or {@code any finite number}. */
    public String scoreRange() {
        if (scoreMin == Double.NEGATIVE_INFINITY && scoreMax == Double.POSITIVE_INFINITY) {
            return "any finite number";
        }
        return "[" + scoreMin + ", " + scoreMax + "]";
    }
}
