package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.config.EvaluationSetSpec;
import io.github.gtespark.prep.config.MinHashSettings;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.step.CorpusStep;
import io.github.gtespark.prep.step.StepContext;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Drops pairs whose query or document is an exact or near duplicate (estimated Jaccard of word shingles at or above
 * the decontamination threshold) of any text of the configured evaluation sets: reason {@code contaminated}. The
 * index of the evaluation texts is built on the driver and broadcast.
 */
public final class Decontaminator implements CorpusStep {

    private final List<EvaluationSetSpec> evaluationSets;
    private final MinHashSettings hashing;

    public Decontaminator(List<EvaluationSetSpec> evaluationSets, MinHashSettings hashing) {
        this.evaluationSets = List.copyOf(evaluationSets);
        this.hashing = hashing;
    }

    @Override
    public String name() {
        return "decontaminate";
    }

    @Override
    public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
        EvaluationSetReader eval = new EvaluationSetReader(evaluationSets, ctx.hadoop());
        ContaminationIndex index = new ContaminationIndex(eval.texts(), eval.setNames(), hashing);
        ctx.progress()
                .accept(String.format(
                        Locale.ROOT,
                        "decontamination index: %d evaluation texts (%d lines skipped)",
                        index.size(),
                        eval.skippedLines()));
        Broadcast<ContaminationIndex> broadcast = ctx.jsc().broadcast(index);
        return pairs.map(p -> check(p, broadcast.value()));
    }

    public static Outcome check(PairRecord p, ContaminationIndex index) {
        String q = index.match(p.query());
        if (q != null) {
            return Outcome.exclude(Exclusion.ofPair(p, ExclusionReason.CONTAMINATED, "query matches " + q));
        }
        String d = index.match(p.doc());
        if (d != null) {
            return Outcome.exclude(Exclusion.ofPair(p, ExclusionReason.CONTAMINATED, "doc matches " + d));
        }
        return Outcome.keep(p);
    }
}
