package io.github.gtespark.prep.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.LocalSpark;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.clean.CleanStep;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.dedup.ExactPairDeduplicator;
import io.github.gtespark.prep.output.SourceCounts;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.prep.tokenize.TokenizeStep;
import io.github.gtespark.text.BertTokenizer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger's books: read, kept, excluded and removed negatives per source and reason, and the rejects set aside. */
class StepLedgerTest {

    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static PrepareCorpusSettings settings;
    private static StepContext ctx;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("StepLedgerTest");
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        settings = PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(
                new String[] {"--source", "a=jsonl:/a", "--source", "b=jsonl:/b", "max-negatives=1"}));
        ctx = new StepContext(jsc, 2, jsc.broadcast(BertTokenizer.bertBaseUncased()), s -> {});
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static PairRecord pair(int source, int line, String q, String d, String... negs) {
        return new PairRecord(
                RecordId.of(source, 0, line, 0), source, settings.source(source).name(), q, d, negs);
    }

    /** What a reader yields: two pairs of a (one with a bad and a good negative), a too short pair of b, a broken line of a. */
    private static JavaRDD<Outcome> read() {
        return jsc.parallelize(
                List.of(
                        Outcome.keep(pair(
                                0,
                                1,
                                "What is a hop?",
                                "A hop is the flower of the hop plant.",
                                "",
                                "Lager is a beer.")),
                        Outcome.keep(pair(0, 2, "What is a hop?", "A hop is the flower of the hop plant.")),
                        Outcome.exclude(Exclusion.ofLine(
                                0, "a", ExclusionReason.MALFORMED_JSON, RecordId.of(0, 0, 3, 0), "{\"query\": ", null)),
                        Outcome.keep(pair(1, 1, "x", "y"))),
                2);
    }

    @Test
    void countsEveryOutcomeBySourceAndReasonAndSetsTheRejectsAside() {
        List<SourceCounts> counts = SourceCounts.of(settings.sources());
        try (StepTimer timer = new StepTimer(spark, s -> {})) {
            StepLedger ledger = new StepLedger(counts, timer);
            JavaRDD<PairRecord> pairs = ledger.read(read());
            pairs = ledger.run(new CleanStep(settings), pairs, ctx);
            assertEquals(2, ledger.kept());
            pairs = ledger.run(new ExactPairDeduplicator(settings.sources()), pairs, ctx);
            assertEquals(1, ledger.kept());
            ledger.tokenize(new TokenizeStep(16), pairs, ctx);

            SourceCounts a = counts.get(0);
            SourceCounts b = counts.get(1);
            assertEquals(3, a.read, "two pairs and the broken line");
            assertEquals(1, a.kept);
            assertEquals(Map.of(ExclusionReason.MALFORMED_JSON, 1L, ExclusionReason.DUPLICATE_EXACT, 1L), a.excluded);
            assertEquals(Map.of(ExclusionReason.NEGATIVE_FILTERED, 1L), a.negativesRemoved);
            assertEquals(1, b.read);
            assertEquals(0, b.kept);
            assertEquals(Map.of(ExclusionReason.TOO_SHORT_CHARS, 1L), b.excluded);
            assertEquals(
                    List.of("read+clean", "exact dedup", "tokenize"),
                    timer.timings().stream().map(t -> t.step()).toList());
            assertEquals(4, timer.timings().get(0).pairsIn(), "read: 3 pairs + 1 broken line");

            List<Exclusion> rejects = ledger.exclusions().collect().stream()
                    .sorted(Comparator.comparing(Exclusion::reason))
                    .toList();
            assertEquals(
                    List.of(
                            ExclusionReason.DUPLICATE_EXACT,
                            ExclusionReason.MALFORMED_JSON,
                            ExclusionReason.NEGATIVE_FILTERED,
                            ExclusionReason.TOO_SHORT_CHARS),
                    rejects.stream().map(Exclusion::reason).toList());
            assertEquals(RecordId.of(0, 0, 2, 0), rejects.get(0).id(), "the larger id is the duplicate");
            assertEquals("{\"query\": ", rejects.get(1).line(), "raw line of a parse failure");
            assertEquals("", rejects.get(2).doc(), "original text of the removed negative");
            assertTrue(!rejects.get(2).isPair());
            assertEquals("x", rejects.get(3).query(), "original text of the excluded pair");
            assertNull(rejects.get(3).line());
            ledger.release();
        }
    }

    /** Keeps every pair, through an intermediate RDD persisted for the step. */
    private static final class StepWithTemporary implements CorpusStep {
        static volatile int temporaryId = -1;

        @Override
        public String name() {
            return "with temporary";
        }

        @Override
        public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
            JavaRDD<PairRecord> t = ctx.persistForStep(pairs.map(p -> p));
            temporaryId = t.id();
            return t.map(Outcome::keep);
        }
    }

    private static Set<Integer> persistentRdds() {
        Set<Integer> ids = new HashSet<>();
        for (Object id : jsc.getPersistentRDDs().keySet()) {
            ids.add((Integer) id);
        }
        return ids;
    }

    @Test
    void holdsOnlyTheLastStepsOutcomesAndTheExclusionsAndReleasesStepTemporaries() {
        Set<Integer> before = persistentRdds();
        try (StepTimer timer = new StepTimer(spark, s -> {})) {
            StepLedger ledger = new StepLedger(SourceCounts.of(settings.sources()), timer);
            JavaRDD<PairRecord> pairs = ledger.run(new CleanStep(settings), ledger.read(read()), ctx);
            pairs = ledger.run(new StepWithTemporary(), pairs, ctx);
            assertFalse(persistentRdds().contains(StepWithTemporary.temporaryId), "step temporary released");
            // the clean step's outcomes are reduced to its exclusions; the last step's outcomes stay
            Set<Integer> now = persistentRdds();
            now.removeAll(before);
            assertEquals(2, now.size(), "clean exclusions + outcomes of the last step: " + now);
            pairs = ledger.run(new ExactPairDeduplicator(settings.sources()), pairs, ctx);
            JavaRDD<TokenizedPair> tokenized = ledger.tokenize(new TokenizeStep(16), pairs, ctx);
            now = persistentRdds();
            now.removeAll(before);
            assertEquals(4, now.size(), "exclusions of 3 steps + tokenized pairs: " + now);
            assertEquals(4, ledger.exclusions().count(), "all exclusions are still there");
            ledger.release();
            now = persistentRdds();
            now.removeAll(before);
            assertEquals(Set.of(tokenized.id()), now);
            tokenized.unpersist(false);
        }
    }

    /** A broken step: it forgets every pair instead of keeping or excluding it. */
    private static final class LosingStep implements CorpusStep {
        @Override
        public String name() {
            return "losing";
        }

        @Override
        public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
            return pairs.filter(p -> false).map(Outcome::keep);
        }
    }

    @Test
    void aStepThatLosesPairsFailsTheRun() {
        try (StepTimer timer = new StepTimer(spark, s -> {})) {
            StepLedger ledger = new StepLedger(SourceCounts.of(settings.sources()), timer);
            JavaRDD<PairRecord> pairs = ledger.run(new CleanStep(settings), ledger.read(read()), ctx);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> ledger.run(new LosingStep(), pairs, ctx));
            assertTrue(e.getMessage().contains("step losing gave 0 pair outcomes for 2 pairs"), e.getMessage());
        }
    }
}
