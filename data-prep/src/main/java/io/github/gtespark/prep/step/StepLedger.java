package io.github.gtespark.prep.step;

import io.github.gtespark.prep.output.SourceCounts;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.prep.tokenize.TokenizeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The books of corpus preparation. It runs each {@link CorpusStep} on the pairs kept so far, persists the step's
 * outcomes, counts them by {@link OutcomeKey} into the per-source {@link SourceCounts} ({@code read} from the first
 * step, {@code excluded} and {@code negatives_removed} by reason from all), times the step, and passes the kept
 * pairs on; it keeps every step's exclusions for the exclusions writer. After tokenization it sets {@code kept}
 * and checks {@code read == kept + sum(excluded)} for every source.
 *
 * <p>Memory: at most two steps' full outcomes are persisted at a time (the running step's and its input's); once a
 * step's outcomes are counted, the step's own intermediate RDDs ({@link StepContext#persistForStep}) are unpersisted
 * and the previous step's outcomes are reduced to its exclusions (persisted) and unpersisted.
 */
public final class StepLedger {

    private final List<SourceCounts> counts;
    private final StepTimer timer;
    /** The exclusions of the steps before the last one, persisted. */
    private final List<JavaRDD<Exclusion>> exclusions = new ArrayList<>();
    /** The outcomes of the last step booked, persisted (its kept pairs are the next step's input). */
    private JavaRDD<Outcome> last;
    /** The reader's exclusions (malformed input), booked with the first step. */
    private JavaRDD<Outcome> unparsed;

    private long kept;

    public StepLedger(List<SourceCounts> counts, StepTimer timer) {
        this.counts = counts;
        this.timer = timer;
    }

    /**
     * Takes the reader's outcomes: the pairs read go to the first step, the malformed input is booked with that
     * step (whose name is then prefixed "read+"), so that every input unit counts once as {@code read}.
     */
    public JavaRDD<PairRecord> read(JavaRDD<Outcome> read) {
        unparsed = read.filter(o -> !o.isKept());
        return keptPairs(read);
    }

    /** Runs {@code step} on {@code pairs}, books its outcomes and returns the pairs it keeps. */
    public JavaRDD<PairRecord> run(CorpusStep step, JavaRDD<PairRecord> pairs, StepContext ctx) {
        long t0 = timer.start();
        JavaRDD<Outcome> out = step.apply(pairs, ctx);
        String name = step.name();
        boolean first = unparsed != null;
        if (first) {
            out = unparsed.union(out);
            unparsed = null;
            name = "read+" + name;
        }
        out = out.persist(StorageLevel.MEMORY_AND_DISK());
        Map<OutcomeKey, Long> byKey = out.mapToPair(o -> new Tuple2<>(OutcomeKey.of(o), 1L))
                .reduceByKey(Long::sum)
                .collectAsMap();
        long in = first ? 0 : kept;
        long pairOutcomes = 0;
        long keptNow = 0;
        for (var e : byKey.entrySet()) {
            OutcomeKey k = e.getKey();
            SourceCounts source = counts.get(k.sourceIndex());
            switch (k.kind()) {
                case KEPT -> keptNow += e.getValue();
                case EXCLUDED_PAIR -> source.excluded.merge(k.reason(), e.getValue(), Long::sum);
                case REMOVED_NEGATIVE -> source.negativesRemoved.merge(k.reason(), e.getValue(), Long::sum);
            }
            if (k.isPair()) {
                pairOutcomes += e.getValue();
                if (first) {
                    source.read += e.getValue();
                }
            }
        }
        if (first) {
            in = pairOutcomes;
        } else if (pairOutcomes != in) {
            throw new IllegalStateException("step " + name + " gave " + pairOutcomes + " pair outcomes for " + in
                    + " pairs: a step must keep or exclude every pair exactly once");
        }
        kept = keptNow;
        ctx.releaseStepTemporaries();
        retireLast();
        last = out;
        timer.stop(name, in, kept, t0);
        return keptPairs(out);
    }

    /**
     * Tokenizes the kept pairs (persisted), sets each source's {@code kept} and checks that every source's counts
     * reconcile.
     */
    public JavaRDD<TokenizedPair> tokenize(TokenizeStep step, JavaRDD<PairRecord> pairs, StepContext ctx) {
        long t0 = timer.start();
        JavaRDD<TokenizedPair> tokenized = step.apply(pairs, ctx).persist(StorageLevel.MEMORY_AND_DISK());
        Map<Integer, Long> keptBySource =
                tokenized.map(TokenizedPair::sourceIndex).countByValue();
        long in = kept;
        kept = 0;
        for (var e : keptBySource.entrySet()) {
            counts.get(e.getKey()).kept = e.getValue();
            kept += e.getValue();
        }
        retireLast();
        timer.stop(step.name(), in, kept, t0);
        for (SourceCounts c : counts) {
            if (!c.reconciles()) {
                throw new IllegalStateException("counts do not reconcile for source " + c.name + ": read " + c.read
                        + " != kept " + c.kept + " + excluded " + c.excludedTotal());
            }
        }
        return tokenized;
    }

    /** The pairs kept after the last step booked. */
    public long kept() {
        return kept;
    }

    /** Every exclusion of every step booked so far, with source, reason and original text. */
    public JavaRDD<Exclusion> exclusions() {
        JavaRDD<Exclusion> all = last == null ? null : excluded(last);
        for (JavaRDD<Exclusion> e : exclusions) {
            all = all == null ? e : all.union(e);
        }
        return all;
    }

    /** Unpersists the steps' outcomes and exclusions. */
    public void release() {
        for (JavaRDD<Exclusion> e : exclusions) {
            e.unpersist(false);
        }
        if (last != null) {
            last.unpersist(false);
        }
    }

    /**
     * Keeps only the exclusions of the last step's outcomes (persisted, computed from the persisted outcomes) and
     * unpersists the outcomes: once the next step's outcomes are persisted, the kept pairs are not needed again.
     */
    private void retireLast() {
        if (last == null) {
            return;
        }
        JavaRDD<Exclusion> e = excluded(last).persist(StorageLevel.MEMORY_AND_DISK());
        e.count();
        exclusions.add(e);
        last.unpersist(false);
        last = null;
    }

    private static JavaRDD<Exclusion> excluded(JavaRDD<Outcome> outcomes) {
        return outcomes.filter(x -> !x.isKept()).map(Outcome::excluded);
    }

    private static JavaRDD<PairRecord> keptPairs(JavaRDD<Outcome> outcomes) {
        return outcomes.filter(Outcome::isKept).map(Outcome::kept);
    }
}
