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

    /**
     * Embedding-sized vectors (dim 384) in several document blocks, more queries than one GEMM tile, duplicated and
     * nearly duplicated documents (ties and GEMM rounding at the cut), queries with and without positives: the merged
     * hits equal an independent brute force (every cosine by {@link BlockedTopKSearch#dot}, one full sort by cosine
     * descending then id), scores included, and so do the positives' ranks.
     */
    @Test
    void realisticSizesEqualABruteForceSortOfAllCosines() {
        Random rnd = new Random(11);
        int dim = 384;
        int nd = 1500;
        int nqueries = BlockedTopKSearch.QUERY_TILE + 45;
        float[][] docs = new float[nd][dim];
        for (int i = 0; i < nd; i++) {
            if (i >= 40 && rnd.nextInt(5) == 0) {
                int src = rnd.nextInt(i);
                docs[i] = docs[src].clone();
                if (rnd.nextBoolean()) {
                    docs[i][rnd.nextInt(dim)] += 1e-6f; // a near duplicate: cosines within float rounding
                }
            } else {
                for (int j = 0; j < dim; j++) {
                    docs[i][j] = (float) rnd.nextGaussian() + (j < 8 ? 3 : 0); // correlated: close cosines
                }
            }
        }
        VectorBlock all = VectorBlock.ofUnitRows(0, docs, dim);
        float[][] queries = new float[nqueries][];
        int[] depth = new int[nqueries];
        long[][] pos = new long[nqueries][];
        float[][] ps = new float[nqueries][];
        for (int i = 0; i < nqueries; i++) {
            // half the queries lie next to a document (many near-ties at the top), the rest anywhere
            float[] base = docs[rnd.nextInt(nd)];
            queries[i] = new float[dim];
            for (int j = 0; j < dim; j++) {
                queries[i][j] = (i % 2 == 0 ? base[j] : 0) + (float) rnd.nextGaussian() * 0.3f;
            }
            depth[i] = 1 + rnd.nextInt(120);
        }
        VectorBlock q = VectorBlock.ofUnitRows(1000, queries, dim);
        for (int i = 0; i < nqueries; i++) {
            int np = rnd.nextInt(3);
            pos[i] = new long[np];
            ps[i] = new float[np];
            for (int p = 0; p < np; p++) {
                pos[i][p] = rnd.nextInt(nd);
                ps[i][p] = BlockedTopKSearch.dot(q.row(i), all.row((int) pos[i][p]));
            }
        }
        QueryBlock qb = new QueryBlock(q, depth, pos, ps);
        BlockResult merged = null;
        int[] bounds = {0, 700, 701, 1200, nd};
        for (int b = bounds.length - 2; b >= 0; b--) {
            float[][] part = Arrays.copyOfRange(docs, bounds[b], bounds[b + 1]);
            BlockResult r = BlockedTopKSearch.search(qb, VectorBlock.ofUnitRows(bounds[b], part, dim));
            merged = merged == null ? r : BlockedTopKSearch.merge(merged, r);
        }
        for (int i = 0; i < nqueries; i++) {
            Integer[] order = new Integer[nd];
            float[] s = new float[nd];
            for (int d = 0; d < nd; d++) {
                order[d] = d;
                s[d] = BlockedTopKSearch.dot(q.row(i), all.row(d));
            }
            Arrays.sort(order, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            long[] expected = new long[depth[i]];
            float[] expectedScores = new float[depth[i]];
            for (int k = 0; k < depth[i]; k++) {
                expected[k] = order[k];
                expectedScores[k] = s[order[k]];
            }
            assertArrayEquals(expected, merged.hits()[i].ids(), "query " + i);
            assertArrayEquals(expectedScores, merged.hits()[i].scores(), "query " + i);
            for (int p = 0; p < pos[i].length; p++) {
                int rank = Arrays.asList(order).indexOf((int) pos[i][p]);
                assertEquals(rank, merged.hits()[i].aboveCounts()[p], "positive " + p + " of query " + i);
            }
        }
    }

    /** The pre-selection keeps exactly the k best (score descending, then index), whatever the ties and signed zeros. */
    @Test
    void preselectKeepsTheKBestWithTiesByIndex() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(3000);
            int k = 1 + rnd.nextInt(Math.min(n, 130));
            int levels = 1 + rnd.nextInt(trial % 3 == 0 ? 5 : 2000); // few distinct values: long runs of ties
            float[] row = new float[n];
            for (int j = 0; j < n; j++) {
                int level = rnd.nextInt(levels);
                row[j] = level == 0 ? (rnd.nextBoolean() ? -0.0f : 0.0f) : (level - levels / 2f) / levels;
            }
            long[] keys = new long[(1 + rnd.nextInt(4)) * k + k];
            int got = BlockedTopKSearch.preselect(row, k, keys);
            long[] ids = new long[got];
            for (int c = 0; c < got; c++) {
                ids[c] = (int) keys[c];
            }
            Arrays.sort(ids);
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a]) : Integer.compare(a, b));
            long[] expected = Arrays.stream(order)
                    .limit(k)
                    .mapToLong(Integer::longValue)
                    .sorted()
                    .toArray();
            assertArrayEquals(expected, ids, "trial " + trial);
        }
    }
}
