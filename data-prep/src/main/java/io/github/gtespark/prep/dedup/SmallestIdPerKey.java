package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

/**
 * Resolves groups of pairs that share a key (a duplicate hash): the pair with the smallest id is kept, every other
 * one is excluded with {@code reason} and the detail {@code detailPrefix + <kept id>}. Deterministic for the same
 * inputs, whatever the partitioning.
 */
final class SmallestIdPerKey {

    private SmallestIdPerKey() {}

    static JavaRDD<Outcome> resolve(
            JavaPairRDD<Long, PairRecord> keyed, int partitions, String reason, String detailPrefix) {
        return keyed.groupByKey(partitions).flatMap(g -> {
            PairRecord keep = null;
            for (PairRecord p : g._2()) {
                if (keep == null || p.id() < keep.id()) {
                    keep = p;
                }
            }
            List<Outcome> out = new ArrayList<>(1);
            for (PairRecord p : g._2()) {
                out.add(
                        p == keep
                                ? Outcome.keep(p)
                                : Outcome.exclude(Exclusion.ofPair(p, reason, detailPrefix + keep.id())));
            }
            return out.iterator();
        });
    }
}
