package io.github.gtespark.train.settings;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.eval.EvaluationSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Section {@code eval}: the named evaluation sets and how often and how they are encoded.
 *
 * <p>{@code eval.sets = [{name = stsb-dev, type = sts, path = ...}, {name = se, type = retrieval, path = ...}]};
 * the older keys {@code eval.sts-dev} and {@code eval.retrieval} are one-element shorthands for sets named
 * {@code sts-dev} (type sts) and {@code retrieval} (type retrieval), appended after {@code eval.sets}.
 *
 * <p>When: {@code eval.at-start} (the start model, step 0), every {@code eval.interval-steps} while evaluation has
 * taken at most {@code eval.max-share} of the training wall time, and {@code eval.at-end}. A driver that runs stages back to back (ablate) evaluates the start model once and each
 * chain only at its end, so that evaluation stays a bounded share of the run.
 */
public record EvalSettings(
        long intervalSteps,
        boolean atStart,
        boolean atEnd,
        double maxShare,
        List<EvaluationSet> sets,
        int batchSize,
        int maxQueries,
        int maxStsPairs,
        int maxLength)
        implements Serializable {

    /** The shorthand keys and the sets they stand for. */
    public static final String STS_SHORTHAND = "sts-dev";

    public static final String RETRIEVAL_SHORTHAND = "retrieval";

    public EvalSettings {
        sets = List.copyOf(sets);
    }

    public static EvalSettings from(SettingsReader r) {
        List<EvaluationSet> sets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (r.has("sets")) {
            List<? extends Config> entries = r.objects("sets");
            for (int i = 0; i < entries.size(); i++) {
                Config e = entries.get(i);
                String where = r.key("sets") + "[" + i + "]";
                for (String key : List.of("name", "type", "path")) {
                    if (!e.hasPath(key)) {
                        throw new ConfigurationException("bad training configuration: " + where + " has no " + key
                                + " (each set: {name = ..., type = sts | retrieval, path = ...})");
                    }
                }
                add(sets, names, where, e.getString("name"), e.getString("type"), e.getString("path"));
            }
        }
        String sts = r.string(STS_SHORTHAND);
        if (!sts.isBlank()) {
            add(sets, names, r.key(STS_SHORTHAND), STS_SHORTHAND, "sts", sts);
        }
        String retrieval = r.string(RETRIEVAL_SHORTHAND);
        if (!retrieval.isBlank()) {
            add(sets, names, r.key(RETRIEVAL_SHORTHAND), RETRIEVAL_SHORTHAND, "retrieval", retrieval);
        }
        long interval = r.longValue("interval-steps");
        boolean atStart = r.bool("at-start");
        boolean atEnd = r.bool("at-end");
        double maxShare = r.number("max-share");
        int batchSize = r.integer("batch-size");
        int maxQueries = r.integer("max-queries");
        int maxStsPairs = r.integer("max-sts-pairs");
        int maxLength = r.integer("max-length");
        r.require(interval >= 0, "interval-steps", "must be >= 0");
        r.require(maxShare >= 0, "max-share", "must be >= 0 (0: no bound)");
        r.require(batchSize > 0, "batch-size", "must be > 0");
        r.require(maxQueries >= 0, "max-queries", "must be >= 0 (0: all)");
        r.require(maxStsPairs >= 0, "max-sts-pairs", "must be >= 0 (0: all)");
        r.require(maxLength >= 2, "max-length", "must be >= 2");
        return new EvalSettings(
                interval, atStart, atEnd, maxShare, sets, batchSize, maxQueries, maxStsPairs, maxLength);
    }

    private static void add(
            List<EvaluationSet> sets, Set<String> names, String where, String name, String type, String path) {
        EvaluationSet set;
        try {
            set = new EvaluationSet(name, EvaluationSet.Type.fromName(type), path);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("bad training configuration: " + where + ": " + e.getMessage());
        }
        if (!names.add(name)) {
            throw new ConfigurationException(
                    "bad training configuration: " + where + ": a second evaluation set named " + name);
        }
        sets.add(set);
    }
}
