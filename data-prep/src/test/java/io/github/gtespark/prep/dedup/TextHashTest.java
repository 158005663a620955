package io.github.gtespark.prep.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextHashTest {

    @Test
    void matchesReferenceXxh64Values() {
        // reference values of the xxHash project (XXH64, seed 0)
        assertEquals(0xEF46DB3751D8E999L, TextHash.xxh64(new byte[0], 0));
        assertEquals(0x44BC2CF5AD770999L, TextHash.xxh64("abc".getBytes(StandardCharsets.UTF_8), 0));
    }

    @Test
    void longInputsUseAllLanes() {
        byte[] a = "The quick brown fox jumps over the lazy dog, again and again.".getBytes(StandardCharsets.UTF_8);
        byte[] b = a.clone();
        b[40] ^= 1;
        assertNotEquals(TextHash.xxh64(a, 0), TextHash.xxh64(b, 0));
        assertEquals(TextHash.xxh64(a, 0), TextHash.xxh64(a.clone(), 0));
    }

    @Test
    void normalizedHashIgnoresCase() {
        assertEquals(TextHash.ofNormalized("Hello World"), TextHash.ofNormalized("hello world"));
        assertNotEquals(TextHash.ofNormalized("hello world"), TextHash.ofNormalized("hello  world"));
    }

    @Test
    void pairCombinations() {
        long a = TextHash.ofNormalized("a");
        long b = TextHash.ofNormalized("b");
        assertNotEquals(TextHash.combineOrdered(a, b), TextHash.combineOrdered(b, a));
        assertEquals(TextHash.combineUnordered(a, b), TextHash.combineUnordered(b, a));
    }
}
