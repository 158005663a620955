package io.github.gtespark.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link BlockedTopKSearch} over several document blocks equals one sort of all scores (ties by id). */
class BlockedTopKSearchTest {

    @Test
    void mergedBlocksEqualAFullSortIncludingTiesAndPositiveRanks() {
        Random rnd = new Random(3);
        int dim = 8;
        int nd = 50;
        float[][] docs = new float[nd][dim];
        for (int i = 0; i < nd; i++) {
            // four entries of +-0.5: unit length, every cosine a multiple of 0.25 (exact in float, many ties)
            int placed = 0;
            while (placed < 4) {
                int j = rnd.nextInt(dim);
                if (docs[i][j] == 0) {
                    docs[i][j] = rnd.nextBoolean() ? 0.5f : -0.5f;
                    placed++;
                }
            }
        }
        docs[7] = docs[3].clone();
        float[][] queries = {{0.5f, 0, 0.5f, 0, 0.5f, 0, 0.5f, 0}, {0, 0.5f, 0.5f, -0.5f, 0, 0, 0.5f, 0}};
        VectorBlock q = VectorBlock.ofUnitRows(0, queries, dim);
        VectorBlock all = VectorBlock.ofUnitRows(0, docs, dim);
        long[][] pos = {{7}, {20}};
        float[][] ps = {{BlockedTopKSearch.dot(q.row(0), all.row(7))}, {BlockedTopKSearch.dot(q.row(1), all.row(20))}};
        QueryBlock qb = new QueryBlock(q, new int[] {10, 50}, pos, ps);
        BlockResult merged = null;
        for (int from = 0; from < nd; from += 13) {
            int to = Math.min(nd, from + 13);
            float[][] part = Arrays.copyOfRange(docs, from, to);
            BlockResult r = BlockedTopKSearch.search(qb, VectorBlock.ofUnitRows(from, part, dim));
            merged = merged == null ? r : BlockedTopKSearch.merge(r, merged);
        }
        BlockResult whole = BlockedTopKSearch.search(qb, all);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(whole.hits()[i].ids(), merged.hits()[i].ids());
            assertArrayEquals(whole.hits()[i].aboveCounts(), merged.hits()[i].aboveCounts());
            // full sort by (score desc, id asc) in double from the unit vectors
            Integer[] order = new Integer[nd];
            double[] s = new double[nd];
            for (int d = 0; d < nd; d++) {
                order[d] = d;
                s[d] = BlockedTopKSearch.dot(q.row(i), all.row(d));
            }
            Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
            long[] expected = Arrays.stream(order)
                    .limit(qb.depth()[i])
                    .mapToLong(Integer::longValue)
                    .toArray();
            assertArrayEquals(expected, merged.hits()[i].ids(), "query " + i);
            int p = (int) pos[i][0];
            int rank = Arrays.asList(order).indexOf(p);
            assertEquals(rank, merged.hits()[i].aboveCounts()[0], "positive rank of query " + i);
        }
    }
}
