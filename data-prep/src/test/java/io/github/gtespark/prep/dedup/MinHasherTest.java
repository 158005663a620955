package io.github.gtespark.prep.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.config.MinHashSettings;
import org.junit.jupiter.api.Test;

class MinHasherTest {

    private final MinHasher hasher = new MinHasher(new MinHashSettings(0.8, 3, 32, 8, 64));

    @Test
    void estimateTracksExactJaccard() {
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            base.append("w").append(i).append(' ');
        }
        String a = base.toString();
        String b = a.replace("w50 ", "x50 ").replace("w120 ", "x120 ");
        double exact = hasher.jaccard(a, b);
        double estimate = MinHasher.similarity(hasher.signature(a), hasher.signature(b));
        assertEquals(exact, estimate, 0.08, "exact " + exact);
        assertTrue(exact > 0.9 && exact < 1.0);
        assertEquals(
                1.0,
                MinHasher.similarity(hasher.signature("Same Text here ok"), hasher.signature("same text, here: OK")));
    }

    @Test
    void unrelatedTextsAreDissimilarAndRarelyShareBands() {
        String a = "the package provides a library for parsing configuration files written in yaml";
        String b = "brewing beer at home requires malt hops yeast water and a lot of patience";
        assertTrue(MinHasher.similarity(hasher.signature(a), hasher.signature(b)) < 0.1);
        long[] ka = hasher.bandKeys(hasher.signature(a));
        long[] kb = hasher.bandKeys(hasher.signature(b));
        for (int i = 0; i < ka.length; i++) {
            assertTrue(ka[i] != kb[i]);
        }
    }

    @Test
    void shortTextsAreOneShingle() {
        assertEquals(1, hasher.shingles("two words").length);
        assertEquals(0, hasher.shingles("  --  ").length);
        assertEquals(3, hasher.shingles("one two three four five").length);
    }
}
