package io.github.gtespark.prep.sample;

import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.output.SourceCounts;
import io.github.gtespark.prep.record.TokenizedPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Samples the kept pairs into batches: mixing probabilities over sources ({@link SourceMixture}), a multinomial
 * allocation of the target pairs ({@link MultinomialAllocation}), single-source duplicate-free batches cut per
 * source ({@link DuplicateFreeBatcher}, one partition per source) and the seeded global batch order
 * ({@link BatchOrder}). Fills the sampling columns of the per-source counts.
 */
public final class BatchSampler {

    private final PrepareCorpusSettings settings;

    public BatchSampler(PrepareCorpusSettings settings) {
        this.settings = settings;
    }

    /**
     * @param keptPairs all tokenized pairs, the target when {@code target-pairs} is 0
     * @throws IllegalStateException when not one complete batch can be formed
     */
    public SampledBatches sample(
            JavaSparkContext jsc, JavaRDD<TokenizedPair> tokenized, List<SourceCounts> counts, long keptPairs) {
        List<SourceSpec> sources = settings.sources();
        int numSources = sources.size();
        long[] n = new long[numSources];
        double[] w = new double[numSources];
        for (int i = 0; i < numSources; i++) {
            n[i] = counts.get(i).kept;
            w[i] = sources.get(i).weight();
        }
        double[] p = SourceMixture.probabilities(n, w, settings.alpha());
        long target = settings.targetPairs() > 0 ? settings.targetPairs() : keptPairs;
        long[] allocated = MultinomialAllocation.allocate(p, target, settings.seed());
        for (int i = 0; i < numSources; i++) {
            counts.get(i).probability = p[i];
            counts.get(i).allocated = allocated[i];
        }
        int batchSize = settings.batchSize();
        int maxOpen = settings.maxOpenBatches();
        long seed = settings.seed();
        JavaRDD<SourceBatches> batched = tokenized
                .mapToPair(t -> new Tuple2<>(t.sourceIndex(), new BatchItem(t.id(), t.queryHash(), t.docHash())))
                .partitionBy(new HashPartitioner(numSources))
                .mapPartitionsWithIndex(
                        (part, it) -> {
                            List<BatchItem> items = new ArrayList<>();
                            while (it.hasNext()) {
                                items.add(it.next()._2());
                            }
                            return List.of(DuplicateFreeBatcher.cut(
                                            part, items, allocated[part], batchSize, maxOpen, seed + 1000003L * part))
                                    .iterator();
                        },
                        true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<SourceBatches> stats = batched.map(b -> new SourceBatches(
                        b.sourceIndex(), List.of(), b.allocated(), b.droppedPartial(), b.droppedConflict(), b.epochs()))
                .collect();
        int[] batchesPerSource = batched
                .map(b -> new int[] {b.sourceIndex(), b.batches().size()})
                .collect()
                .stream()
                .collect(() -> new int[numSources], (acc, x) -> acc[x[0]] = x[1], (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                });
        for (SourceBatches b : stats) {
            SourceCounts c = counts.get(b.sourceIndex());
            c.droppedPartial = b.droppedPartial();
            c.droppedConflict = b.droppedConflict();
            c.epochs = b.epochs();
        }
        long totalBatches = 0;
        for (int i = 0; i < numSources; i++) {
            counts.get(i).batches = batchesPerSource[i];
            counts.get(i).sampled = (long) batchesPerSource[i] * batchSize;
            totalBatches += batchesPerSource[i];
        }
        if (totalBatches == 0) {
            throw new IllegalStateException("no complete batch of " + batchSize + " pairs could be formed from "
                    + keptPairs + " kept pairs (target " + target + ")");
        }
        return new SampledBatches(batched, SampledBatches.order(jsc, batchesPerSource, seed), totalBatches, target);
    }
}
