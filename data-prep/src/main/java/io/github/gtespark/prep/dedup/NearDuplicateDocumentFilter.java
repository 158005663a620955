package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.config.MinHashSettings;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.step.CorpusStep;
import io.github.gtespark.prep.step.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Near-duplicate removal of documents within and across sources with banded MinHash LSH ({@link MinHasher}).
 *
 * <ol>
 *   <li>Pairs whose normalized documents are identical: the smallest id keeps the document, the others are
 *       {@code near_duplicate} (similarity 1).</li>
 *   <li>The remaining documents are bucketed by LSH band keys; inside a bucket (sorted by id) each document is
 *       compared, by estimated Jaccard similarity, with the bucket's smallest id and its immediate predecessors,
 *       {@code max-comparisons} comparisons in all (a star around the smallest id plus a chain: near-duplicate
 *       clusters, which share their buckets, are caught without comparing all pairs of a large bucket).</li>
 *   <li>A document with a smaller-id document at or above the threshold is {@code near_duplicate}; the pair with
 *       the smaller id stays. The decision is deterministic for the same inputs.</li>
 * </ol>
 */
public final class NearDuplicateDocumentFilter implements CorpusStep {

    private final MinHashSettings settings;

    public NearDuplicateDocumentFilter(MinHashSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "near dedup";
    }

    @Override
    public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
        int partitions = ctx.partitions();
        MinHasher hasher = new MinHasher(settings);
        double threshold = settings.threshold();
        int maxComparisons = settings.maxComparisons();

        // 1. identical documents
        JavaRDD<Outcome> byDocument = SmallestIdPerKey.resolve(
                pairs.mapToPair(p -> new Tuple2<>(TextHash.ofNormalized(p.doc()), p)),
                partitions,
                ExclusionReason.NEAR_DUPLICATE,
                "same document as id ");
        byDocument = ctx.persistForStep(byDocument);
        JavaRDD<PairRecord> distinct = byDocument.filter(Outcome::isKept).map(Outcome::kept);

        // 2. LSH candidates among distinct documents
        JavaPairRDD<Long, int[]> signatures =
                ctx.persistForStep(distinct.mapToPair(p -> new Tuple2<>(p.id(), hasher.signature(p.doc()))));
        JavaPairRDD<Long, Long> candidates = signatures
                .flatMapToPair(s -> {
                    long[] keys = hasher.bandKeys(s._2());
                    List<Tuple2<Long, Long>> out = new ArrayList<>(keys.length);
                    for (long k : keys) {
                        out.add(new Tuple2<>(k, s._1()));
                    }
                    return out.iterator();
                })
                .groupByKey(partitions)
                .flatMapToPair(bucket -> {
                    List<Tuple2<Long, Long>> out = new ArrayList<>();
                    long[] ids = new long[16];
                    int n = 0;
                    for (Long id : bucket._2()) {
                        if (n == ids.length) {
                            ids = Arrays.copyOf(ids, n * 2);
                        }
                        ids[n++] = id;
                    }
                    if (n < 2) {
                        return out.iterator();
                    }
                    Arrays.sort(ids, 0, n);
                    for (int i = 1; i < n; i++) {
                        out.add(new Tuple2<>(ids[i], ids[0]));
                        for (int j = Math.max(1, i - maxComparisons + 1); j < i; j++) {
                            out.add(new Tuple2<>(ids[i], ids[j]));
                        }
                    }
                    return out.iterator();
                })
                .distinct(partitions);

        // 3. verify candidates: (larger id, smaller id) with estimated Jaccard >= threshold
        JavaPairRDD<Long, Long> dropped = candidates
                .join(signatures, partitions)
                .mapToPair(t -> new Tuple2<>(t._2()._1(), new Tuple2<>(t._1(), t._2()._2())))
                .join(signatures, partitions)
                .filter(t -> MinHasher.similarity(t._2()._1()._2(), t._2()._2()) >= threshold)
                .mapToPair(t -> new Tuple2<>(t._2()._1()._1(), t._1()))
                .reduceByKey(Math::min, partitions);

        JavaRDD<Outcome> lsh = distinct.mapToPair(p -> new Tuple2<>(p.id(), p))
                .leftOuterJoin(dropped, partitions)
                .map(t -> t._2()._2().isPresent()
                        ? Outcome.exclude(Exclusion.ofPair(
                                t._2()._1(),
                                ExclusionReason.NEAR_DUPLICATE,
                                "near-duplicate of id " + t._2()._2().get()))
                        : Outcome.keep(t._2()._1()));
        return byDocument.filter(o -> !o.isKept()).union(lsh);
    }
}
