package io.github.gtespark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanStepTest {

    private static CleanStep step(String... overrides) {
        String[] args = new String[overrides.length + 2];
        args[0] = "--source";
        args[1] = "s=jsonl:/nonexistent.jsonl";
        System.arraycopy(overrides, 0, args, 2, overrides.length);
        return new CleanStep(PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(args)));
    }

    private static PairRecord pair(String q, String d, String... negs) {
        return new PairRecord(7L, 0, "s", q, d, negs);
    }

    @Test
    void keepsCleanedPair() {
        List<Outcome> out =
                step().clean(pair("<b>What is  a hop?</b>", "A hop is the flower of &quot;Humulus lupulus&quot;."));
        assertEquals(1, out.size());
        assertTrue(out.get(0).isKept());
        assertEquals("What is a hop?", out.get(0).kept().query());
        assertEquals(
                "A hop is the flower of \"Humulus lupulus\".", out.get(0).kept().doc());
    }

    @Test
    void excludesPairWithReasonAndOriginalText() {
        Outcome o = step().clean(pair("  ", "a document that is long enough")).get(0);
        assertFalse(o.isKept());
        assertEquals(ExclusionReason.EMPTY, o.excluded().reason());
        assertEquals("query", o.excluded().detail());
        assertEquals("  ", o.excluded().query(), "original text kept");
        assertEquals(
                ExclusionReason.QUERY_EQUALS_DOC,
                step().clean(pair("Same words here", "same  words here"))
                        .get(0)
                        .excluded()
                        .reason());
    }

    @Test
    void removesBadAndSurplusNegativesAndCountsThem() {
        List<Outcome> out = step("max-negatives=1")
                .clean(pair(
                        "a query about hops",
                        "a document about hops",
                        "",
                        "a document about hops",
                        "first good negative",
                        "second good negative"));
        assertTrue(out.get(0).isKept());
        assertArrayEquals(
                new String[] {"first good negative"}, out.get(0).kept().negs());
        assertEquals(
                List.of(
                        ExclusionReason.NEGATIVE_FILTERED,
                        ExclusionReason.NEGATIVE_FILTERED,
                        ExclusionReason.NEGATIVE_OVER_LIMIT),
                out.subList(1, out.size()).stream()
                        .map(x -> x.excluded().reason())
                        .toList());
        assertTrue(
                out.subList(1, out.size()).stream().noneMatch(x -> x.excluded().isPair()));
    }

    @Test
    void requireNegativesExcludesPairsWithoutOne() {
        Outcome o = step("max-negatives=1", "require-negatives=true")
                .clean(pair("a query about hops", "a document about hops"))
                .get(0);
        assertEquals(ExclusionReason.MISSING_NEGATIVE, o.excluded().reason());
        assertTrue(o.excluded().isPair());
    }
}
