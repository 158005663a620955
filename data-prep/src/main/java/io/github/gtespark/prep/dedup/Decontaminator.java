package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.model.Exclusion;
import io.github.gtespark.prep.model.ExclusionReason;
import io.github.gtespark.prep.model.Outcome;
import io.github.gtespark.prep.model.PairRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Drops pairs whose query or document is an exact or near duplicate (estimated Jaccard of word shingles at or above
 * the decontamination threshold) of any text of the configured evaluation sets: reason {@code contaminated}.
 */
public final class Decontaminator {

    private Decontaminator() {
    }

    public static JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, Broadcast<ContaminationIndex> index) {
        return pairs.map(p -> check(p, index.value()));
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
