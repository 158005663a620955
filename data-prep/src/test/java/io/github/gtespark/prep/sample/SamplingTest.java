package io.github.gtespark.prep.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.dedup.TextHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplingTest {

    @Test
    void probabilitiesFollowTheAlphaFormula() {
        long[] n = {10_000, 400, 100, 0};
        double[] w = {1, 1, 2, 1};
        double[] p = SourceMixture.probabilities(n, w, 0.5);
        double z = Math.sqrt(10_000) + Math.sqrt(400) + 2 * Math.sqrt(100);
        assertEquals(100 / z, p[0], 1e-12);
        assertEquals(20 / z, p[1], 1e-12);
        assertEquals(20 / z, p[2], 1e-12);
        assertEquals(0, p[3]);
        double[] proportional = SourceMixture.probabilities(new long[] {300, 100}, new double[] {1, 1}, 1.0);
        assertArrayEquals(new double[] {0.75, 0.25}, proportional, 1e-12);
        double[] uniform = SourceMixture.probabilities(new long[] {300, 100}, new double[] {1, 1}, 0.0);
        assertArrayEquals(new double[] {0.5, 0.5}, uniform, 1e-12);
        assertThrows(
                IllegalStateException.class, () -> SourceMixture.probabilities(new long[] {0}, new double[] {1}, 0.5));
    }

    @Test
    void multinomialAllocationMatchesProbabilitiesAndSeed() {
        double[] p = {0.7, 0.2, 0.1, 0.0};
        long[] a = MultinomialAllocation.allocate(p, 100_000, 1);
        assertEquals(100_000, Arrays.stream(a).sum());
        assertEquals(70_000, a[0], 700);
        assertEquals(20_000, a[1], 600);
        assertEquals(10_000, a[2], 500);
        assertEquals(0, a[3]);
        assertArrayEquals(a, MultinomialAllocation.allocate(p, 100_000, 1));
        assertFalse(Arrays.equals(a, MultinomialAllocation.allocate(p, 100_000, 2)));
    }

    private static List<BatchItem> items(int n, int distinctQueries) {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new BatchItem(1000 + i, TextHash.mix(i % distinctQueries + 1), TextHash.mix(-i - 1)));
        }
        return items;
    }

    @Test
    void batchesAreFullAndFreeOfDuplicateTexts() {
        // 60 pairs sharing only 20 distinct queries: each query occurs 3 times
        SourceBatches b = DuplicateFreeBatcher.cut(0, items(60, 20), 60, 8, 64, 7);
        long used = 0;
        for (long[] batch : b.batches()) {
            assertEquals(8, batch.length);
            Set<Long> queries = new HashSet<>();
            for (long id : batch) {
                assertTrue(queries.add((id - 1000) % 20), "query twice in a batch");
            }
            used += batch.length;
        }
        assertEquals(60, used + b.droppedPartial() + b.droppedConflict());
        assertTrue(b.droppedPartial() < 8 * 3, "at most a few partial batches");
    }

    @Test
    void cyclesExhaustedSourceWithFreshPermutation() {
        SourceBatches b = DuplicateFreeBatcher.cut(0, items(10, 10), 30, 5, 64, 3);
        assertEquals(3, b.epochs());
        assertEquals(6, b.batches().size());
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (long id : b.batches().get(i)) {
                first.add(id);
            }
            for (long id : b.batches().get(i + 2)) {
                second.add(id);
            }
        }
        assertEquals(new HashSet<>(first), new HashSet<>(second), "each epoch uses every pair once");
        assertTrue(!first.equals(second), "a fresh permutation per epoch");
    }

    @Test
    void deterministicForSeedAndDifferentAcrossSeeds() {
        SourceBatches a = DuplicateFreeBatcher.cut(0, items(100, 100), 96, 8, 64, 11);
        SourceBatches b = DuplicateFreeBatcher.cut(0, items(100, 100), 96, 8, 64, 11);
        SourceBatches c = DuplicateFreeBatcher.cut(0, items(100, 100), 96, 8, 64, 12);
        for (int i = 0; i < a.batches().size(); i++) {
            assertArrayEquals(a.batches().get(i), b.batches().get(i));
        }
        assertFalse(Arrays.equals(a.batches().get(0), c.batches().get(0)));
    }

    @Test
    void conflictsBeyondOpenBatchLimitAreCounted() {
        // every pair has the same query: only one pair per batch possible; with 2 open batches of size 2 nothing closes
        SourceBatches b = DuplicateFreeBatcher.cut(0, items(10, 1), 10, 2, 2, 1);
        assertEquals(0, b.batches().size());
        assertEquals(2, b.droppedPartial());
        assertEquals(8, b.droppedConflict());
    }

    @Test
    void batchOrderIsAShuffledPermutation() {
        long[][] ids = BatchOrder.shuffle(new int[] {5, 0, 3}, 42);
        Set<Long> all = new HashSet<>();
        for (long[] s : ids) {
            for (long id : s) {
                all.add(id);
            }
        }
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), all);
        assertArrayEquals(ids[0], BatchOrder.shuffle(new int[] {5, 0, 3}, 42)[0]);
        assertFalse(Arrays.equals(ids[0], BatchOrder.shuffle(new int[] {5, 0, 3}, 43)[0])
                && Arrays.equals(ids[2], BatchOrder.shuffle(new int[] {5, 0, 3}, 43)[2]));
    }
}
