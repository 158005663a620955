package io.github.gtespark.eval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A named, typed evaluation set: {@code {name = stsb-dev, type = sts, path = ...}} in a stage configuration's
 * {@code eval.sets}, or {@code name=type:path} on the command line.
 *
 * @param name     reported name; letters, digits and {@code . _ -}
 * @param type     what the data is and how it is scored
 * @param location a local path or Hadoop FS URI: an STS file, or a BEIR directory
 */
public record EvaluationSet(String name, Type type, String location) implements java.io.Serializable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The kinds of evaluation set. */
    public enum Type {
        /** pairs with gold similarity scores (STS Benchmark or SemEval layout): Spearman of cosine vs gold */
        STS,
        /** a BEIR directory (corpus.jsonl, queries.jsonl, qrels/test.tsv): nDCG@10, MRR@10, recall@100 */
        RETRIEVAL;

        public static Type fromName(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown evaluation set type '" + name + "' (sts | retrieval)");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public EvaluationSet {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "evaluation set name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (type == null) {
            throw new IllegalArgumentException("evaluation set " + name + " has no type (sts | retrieval)");
        }
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("evaluation set " + name + " has no path");
        }
    }

    /** Parses {@code name=type:path} (e.g. {@code se-beer=retrieval:target/dev-sets/se-beer/eval}). */
    public static EvaluationSet parse(String spec) {
        int eq = spec.indexOf('=');
        int colon = eq < 0 ? -1 : spec.indexOf(':', eq + 1);
        if (eq <= 0 || colon < 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("evaluation set '" + spec + "' is not NAME=TYPE:PATH "
                    + "(e.g. stsb-dev=sts:data/sts-dev.csv or se=retrieval:dev-sets/se/eval)");
        }
        return new EvaluationSet(
                spec.substring(0, eq), Type.fromName(spec.substring(eq + 1, colon)), spec.substring(colon + 1));
    }

    @Override
    public String toString() {
        return name + "=" + type.label() + ":" + location;
    }
}
