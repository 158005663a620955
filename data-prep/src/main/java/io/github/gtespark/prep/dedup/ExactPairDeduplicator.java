package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.config.PairType;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.step.CorpusStep;
import io.github.gtespark.prep.step.StepContext;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Exact deduplication of pairs within and across sources: the key is the hash of the normalized query and
 * document ({@link TextHash#ofNormalized}), order-independent for symmetric sources; of all pairs with one key
 * the one with the smallest id is kept, the others are {@code duplicate_exact}.
 */
public final class ExactPairDeduplicator implements CorpusStep {

    /** Per source index: its pairs are symmetric (the key ignores the order of query and document). */
    private final boolean[] symmetric;

    public ExactPairDeduplicator(List<SourceSpec> sources) {
        symmetric = new boolean[sources.size()];
        for (SourceSpec s : sources) {
            symmetric[s.index()] = s.pairType() == PairType.SYMMETRIC;
        }
    }

    @Override
    public String name() {
        return "exact dedup";
    }

    @Override
    public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
        boolean[] symmetric = this.symmetric;
        return SmallestIdPerKey.resolve(
                pairs.mapToPair(p -> new Tuple2<>(pairKey(p, symmetric[p.sourceIndex()]), p)),
                ctx.partitions(),
                ExclusionReason.DUPLICATE_EXACT,
                "duplicate of id ");
    }

    public static long pairKey(PairRecord p, boolean symmetric) {
        long q = TextHash.ofNormalized(p.query());
        long d = TextHash.ofNormalized(p.doc());
        return symmetric ? TextHash.combineUnordered(q, d) : TextHash.combineOrdered(q, d);
    }
}
