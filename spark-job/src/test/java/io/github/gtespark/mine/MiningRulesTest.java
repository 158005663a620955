package io.github.gtespark.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MiningRules} on hand-made scores. */
class MiningRulesTest {

    private static final List<RankedDocument> RANKING = List.of(
            new RankedDocument("pos", 0.90f),
            new RankedDocument("a", 0.85f),
            new RankedDocument("POS", 0.84f),
            new RankedDocument("b", 0.80f),
            new RankedDocument("c", 0.70f),
            new RankedDocument("d", 0.60f),
            new RankedDocument("e", 0.50f),
            new RankedDocument("f", 0.40f));

    private static List<String> texts(MiningDecision d) {
        return d.negatives().stream().map(MinedNegative::text).toList();
    }

    private static MiningDecision decide(MiningRules rules, long poolRank) {
        return rules.decide("q", List.of(new ScoredPositive("pos", 0.9f, poolRank)), RANKING);
    }

    @Test
    void candidatesSkipPositivesAndTheirNormalisedForms() {
        MiningDecision d = decide(
                new MiningRules(
                        3, 0, 100, RangeMinCount.CANDIDATES, null, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY),
                0);
        assertEquals(List.of("a", "b", "c"), texts(d));
        assertEquals(
                List.of(1, 2, 3),
                d.negatives().stream().map(MinedNegative::rank).toList());
    }

    @Test
    void windowIsRangeMinPlusOneToRangeMax() {
        MiningDecision d = decide(
                new MiningRules(
                        10, 2, 4, RangeMinCount.CANDIDATES, null, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY),
                0);
        assertEquals(List.of("c", "d"), texts(d));
    }

    @Test
    void marginsAndMaxScoreAreUpperBounds() {
        // absolute: <= 0.9 - 0.15 = 0.75 -> c, d, e, f
        assertEquals(
                List.of("c", "d"),
                texts(decide(
                        new MiningRules(
                                2,
                                0,
                                100,
                                RangeMinCount.CANDIDATES,
                                0.15,
                                null,
                                null,
                                Sampling.TOP,
                                1,
                                0,
                                NegativesPer.QUERY),
                        0)));
        // relative: <= 0.9 * (1 - 0.4) = 0.54 -> e, f
        assertEquals(
                List.of("e", "f"),
                texts(decide(
                        new MiningRules(
                                4,
                                0,
                                100,
                                RangeMinCount.CANDIDATES,
                                null,
                                0.4,
                                null,
                                Sampling.TOP,
                                1,
                                0,
                                NegativesPer.QUERY),
                        0)));
        // max score 0.65 -> d, e; equality is eligible (compared in double: 0.6f itself is a little above 0.6)
        assertEquals(
                List.of("d", "e"),
                texts(decide(
                        new MiningRules(
                                2,
                                0,
                                100,
                                RangeMinCount.CANDIDATES,
                                null,
                                null,
                                0.65,
                                Sampling.TOP,
                                1,
                                0,
                                NegativesPer.QUERY),
                        0)));
        assertEquals(
                List.of("d", "e"),
                texts(decide(
                        new MiningRules(
                                2,
                                0,
                                100,
                                RangeMinCount.CANDIDATES,
                                null,
                                null,
                                (double) 0.6f,
                                Sampling.TOP,
                                1,
                                0,
                                NegativesPer.QUERY),
                        0)));
        // all three together: min(0.8, 0.81, 0.5); f (rank 6) is outside the window 1..5
        assertEquals(
                List.of("e"),
                texts(decide(
                        new MiningRules(
                                2,
                                0,
                                5,
                                RangeMinCount.CANDIDATES,
                                0.1,
                                0.1,
                                0.5,
                                Sampling.TOP,
                                1,
                                0,
                                NegativesPer.QUERY),
                        0)));
    }

    /** The top {@code num} negatives in a window, with the absolute margin (null: none). */
    private static List<String> window(int num, int rangeMin, int rangeMax, RangeMinCount count, Double margin) {
        return texts(decide(
                new MiningRules(
                        num, rangeMin, rangeMax, count, margin, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY),
                0));
    }

    @Test
    void rangeMinCountsCandidatesOrEligibleCandidates() {
        // absolute margin 0.15: a (rank 1) and b (rank 2) are above the limit 0.75; c, d, e, f are eligible
        // candidates: range-min 1 skips a, which the margin drops anyway -> the window starts after max(1, 2) = 2
        assertEquals(List.of("c", "d"), window(2, 1, 100, RangeMinCount.CANDIDATES, 0.15));
        // eligible: range-min 1 skips c, the first candidate past the margin -> after 1 + 2 = 3
        MiningDecision d = decide(
                new MiningRules(
                        2, 1, 100, RangeMinCount.ELIGIBLE, 0.15, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY),
                0);
        assertEquals(List.of("d", "e"), texts(d));
        assertEquals(
                List.of(4, 5), d.negatives().stream().map(MinedNegative::rank).toList());
        assertEquals(List.of("d", "e"), window(2, 3, 100, RangeMinCount.CANDIDATES, 0.15));
        assertEquals(List.of("f"), window(2, 3, 100, RangeMinCount.ELIGIBLE, 0.15));
        // range-max still counts every candidate: f is rank 6
        assertEquals(List.of("e"), window(2, 2, 5, RangeMinCount.ELIGIBLE, 0.15));
        // without a margin the two coincide
        assertEquals(
                window(3, 2, 100, RangeMinCount.CANDIDATES, null), window(3, 2, 100, RangeMinCount.ELIGIBLE, null));
    }

    @Test
    void noEligibleCandidateMeansNoRow() {
        MiningDecision d = decide(
                new MiningRules(
                        2, 0, 100, RangeMinCount.CANDIDATES, null, null, 0.1, Sampling.TOP, 1, 0, NegativesPer.QUERY),
                0);
        assertTrue(d.negatives().isEmpty());
        assertFalse(d.hasRow());
        assertEquals(1, d.kept().size());
    }

    @Test
    void consistencyKeepsPositivesWithinTopK() {
        MiningRules k2 = new MiningRules(
                2, 0, 100, RangeMinCount.CANDIDATES, null, null, null, Sampling.TOP, 1, 2, NegativesPer.QUERY);
        assertEquals(1, decide(k2, 2).kept().size());
        MiningDecision out = decide(k2, 3);
        assertTrue(out.kept().isEmpty());
        assertEquals(3, out.inconsistent().get(0).poolRank());
        assertFalse(out.hasRow());
    }

    @Test
    void randomSamplingIsSeededPerQueryAndInRankOrder() {
        MiningRules r = new MiningRules(
                2, 0, 100, RangeMinCount.CANDIDATES, null, null, null, Sampling.RANDOM, 42, 0, NegativesPer.QUERY);
        MiningDecision d1 = decide(r, 0);
        MiningDecision d2 = decide(r, 0);
        assertEquals(texts(d1), texts(d2));
        assertEquals(2, d1.negatives().size());
        assertTrue(d1.negatives().get(0).rank() < d1.negatives().get(1).rank());
        int[] idx = SeededSampler.sample(6, 2, 42, "q");
        List<String> eligible = List.of("a", "b", "c", "d", "e", "f");
        assertEquals(List.of(eligible.get(idx[0]), eligible.get(idx[1])), texts(d1));
    }

    /** A query with a strong positive (0.9) and a weak one (0.55) over {@link #RANKING}. */
    private static MiningDecision twoPositives(NegativesPer per, Sampling sampling, int k) {
        MiningRules r = new MiningRules(1, 0, 100, RangeMinCount.CANDIDATES, null, 0.05, null, sampling, 7, k, per);
        return r.decide(
                "q", List.of(new ScoredPositive("pos", 0.9f, 1), new ScoredPositive("weak", 0.55f, 7)), RANKING);
    }

    @Test
    void perQueryNegativesScoreBelowTheWeakestPositive() {
        MiningDecision d = twoPositives(NegativesPer.QUERY, Sampling.TOP, 0);
        // m = 0.55: 0.95 * 0.55 = 0.5225, so the first eligible candidate is e (0.50); one row with both positives
        assertEquals(1, d.rows().size());
        assertEquals(
                List.of("pos", "weak"),
                d.rows().get(0).positives().stream().map(ScoredPositive::text).toList());
        assertEquals(List.of("e"), texts(d));
        assertTrue(d.noNegative().isEmpty());
    }

    @Test
    void perPositiveNegativesAreMeasuredAgainstEachPositive() {
        MiningDecision d = twoPositives(NegativesPer.POSITIVE, Sampling.TOP, 0);
        // pos: 0.95 * 0.9 = 0.855, a (0.85) passes; weak: e (0.50) as above; one row per positive, in order
        assertEquals(2, d.rows().size());
        assertEquals("pos", d.rows().get(0).positives().get(0).text());
        assertEquals(
                List.of("a"),
                d.rows().get(0).negatives().stream().map(MinedNegative::text).toList());
        assertEquals("weak", d.rows().get(1).positives().get(0).text());
        assertEquals(
                List.of("e"),
                d.rows().get(1).negatives().stream().map(MinedNegative::text).toList());
        // the candidates exclude every positive of the query, also for the other positive's row
        assertFalse(texts(d).contains("weak"));
    }

    @Test
    void perPositiveAPositiveWithoutANegativeIsExcludedAloneAndTheOthersKeepTheirRows() {
        List<RankedDocument> dense = List.of(
                new RankedDocument("pos", 0.90f), new RankedDocument("a", 0.80f), new RankedDocument("b", 0.70f));
        MiningRules r = new MiningRules(
                1, 0, 100, RangeMinCount.CANDIDATES, null, 0.05, null, Sampling.TOP, 7, 0, NegativesPer.POSITIVE);
        MiningDecision d =
                r.decide("q", List.of(new ScoredPositive("pos", 0.9f, 1), new ScoredPositive("weak", 0.6f, 4)), dense);
        assertEquals(1, d.rows().size());
        assertEquals(List.of("a"), texts(d));
        assertEquals(
                List.of("weak"),
                d.noNegative().stream().map(ScoredPositive::text).toList());
        assertEquals(
                List.of("pos", "weak"),
                d.kept().stream().map(ScoredPositive::text).toList());
        // per query, the weak positive's threshold (0.57) leaves no candidate: the whole query is excluded
        MiningRules perQuery = new MiningRules(
                1, 0, 100, RangeMinCount.CANDIDATES, null, 0.05, null, Sampling.TOP, 7, 0, NegativesPer.QUERY);
        MiningDecision q = perQuery.decide(
                "q", List.of(new ScoredPositive("pos", 0.9f, 1), new ScoredPositive("weak", 0.6f, 4)), dense);
        assertFalse(q.hasRow());
        assertEquals(2, q.noNegative().size());
    }

    @Test
    void perPositiveTheConsistencyFilterStillRemovesLowRankedPositives() {
        MiningDecision d = twoPositives(NegativesPer.POSITIVE, Sampling.TOP, 5);
        assertEquals(
                List.of("weak"),
                d.inconsistent().stream().map(ScoredPositive::text).toList());
        assertEquals(1, d.rows().size());
        assertEquals(List.of("a"), texts(d));
    }

    @Test
    void withOnePositiveBothModesSelectTheSameNegatives() {
        MiningRules q = new MiningRules(
                2, 1, 100, RangeMinCount.CANDIDATES, null, 0.05, null, Sampling.TOP, 42, 0, NegativesPer.QUERY);
        MiningRules p = new MiningRules(
                2, 1, 100, RangeMinCount.CANDIDATES, null, 0.05, null, Sampling.TOP, 42, 0, NegativesPer.POSITIVE);
        assertEquals(List.of("b", "c"), texts(decide(q, 0)));
        assertEquals(texts(decide(q, 0)), texts(decide(p, 0)));
    }

    @Test
    void negativesPerParsesItsTwoNamesAndRejectsOthers() {
        assertEquals(NegativesPer.POSITIVE, NegativesPer.parse("negatives-per", " Positive "));
        assertEquals("query", NegativesPer.QUERY.configName());
        assertEquals(
                "negatives-per must be query or positive, got 'pair'",
                assertThrows(
                                io.github.gtespark.config.ConfigurationException.class,
                                () -> NegativesPer.parse("negatives-per", "pair"))
                        .getMessage());
    }

    @Test
    void invalidRulesAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new MiningRules(
                        0, 0, 10, RangeMinCount.CANDIDATES, null, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MiningRules(
                        1, 5, 5, RangeMinCount.CANDIDATES, null, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MiningRules(
                        1, 0, 5, RangeMinCount.CANDIDATES, -0.1, null, null, Sampling.TOP, 1, 0, NegativesPer.QUERY));
    }
}
