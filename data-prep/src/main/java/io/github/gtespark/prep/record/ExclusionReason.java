package io.github.gtespark.prep.record;

/** The reasons a record can be excluded for (the keys of {@code excluded} in manifest.json). */
public final class ExclusionReason {
    // reading
    public static final String INVALID_UTF8 = "invalid_utf8";
    /** The rest of a file could not be read (damaged or truncated compressed data, an I/O error). */
    public static final String UNREADABLE_INPUT = "unreadable_input";

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String MALFORMED_XML = "malformed_xml";
    public static final String MISSING_FIELD = "missing_field";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String NO_ANSWER = "no_answer";
    public static final String TOO_MANY_PAIRS_IN_LINE = "too_many_pairs_in_line";
    /** The source has a score column ({@code score = COLUMN}) and the line has no value in it. */
    public static final String MISSING_SCORE = "missing_score";
    /** The score is not a finite number. */
    public static final String INVALID_SCORE = "invalid_score";
    /** The score lies outside the source's {@code score-min} .. {@code score-max}. */
    public static final String SCORE_OUT_OF_RANGE = "score_out_of_range";
    // cleaning
    public static final String EMPTY = "empty";
    public static final String TOO_SHORT_CHARS = "too_short_chars";
    public static final String TOO_LONG_CHARS = "too_long_chars";
    public static final String TOO_SHORT_TOKENS = "too_short_tokens";
    public static final String TOO_LONG_TOKENS = "too_long_tokens";
    public static final String QUERY_EQUALS_DOC = "query_equals_doc";
    public static final String NON_ALPHABETIC = "non_alphabetic";
    public static final String NOT_ENGLISH = "not_english";
    public static final String MISSING_NEGATIVE = "missing_negative";
    // negatives removed from surviving pairs
    public static final String NEGATIVE_FILTERED = "negative_filtered";
    public static final String NEGATIVE_OVER_LIMIT = "negative_over_limit";
    // dedup / decontamination
    public static final String CONTAMINATED = "contaminated";
    public static final String DUPLICATE_EXACT = "duplicate_exact";
    public static final String NEAR_DUPLICATE = "near_duplicate";

    private ExclusionReason() {}
}
