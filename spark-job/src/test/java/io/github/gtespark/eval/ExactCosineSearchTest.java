package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactCosineSearchTest {

    private static float[][] randomMatrix(Random random, int rows, int dims) {
        float[][] m = new float[rows][dims];
        for (float[] row : m) {
            for (int j = 0; j < dims; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @Test
    void topKMatchesAFullSortAcrossQueryAndDocumentChunks() {
        Random random = new Random(7);
        int docs = 9000; // more than one document chunk (8192)
        int queries = 300; // more than one query chunk (256)
        float[][] docVectors = randomMatrix(random, docs, 12);
        float[][] queryVectors = randomMatrix(random, queries, 12);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            ids.add("doc" + i);
        }
        float[][] docCopy = copy(docVectors);
        float[][] queryCopy = copy(queryVectors);
        int[][] top = new ExactCosineSearch(docVectors, ids).search(queryVectors, 100);

        assertEquals(queries, top.length);
        for (int q = 0; q < queries; q++) {
            double[] all = new double[docs];
            for (int d = 0; d < docs; d++) {
                all[d] = UnitVectors.cosine(queryCopy[q], docCopy[d]);
            }
            double[] sorted = all.clone();
            Arrays.sort(sorted);
            assertEquals(100, top[q].length);
            for (int r = 0; r < 100; r++) {
                assertEquals(sorted[docs - 1 - r], all[top[q][r]], 1e-5, "query " + q + " rank " + r);
            }
        }
    }

    @Test
    void tiesAreBrokenByDocumentIdDescendingAndKIsCappedByTheCorpus() {
        float[][] docs = {{1, 0}, {1, 0}, {0, 1}, {2, 0}};
        List<String> ids = List.of("b", "c", "z", "a");
        int[][] top = new ExactCosineSearch(docs, ids).search(new float[][] {{1, 0}}, 10);
        // "c", "b", "a" all have cosine 1; then "z" with 0
        assertArrayEquals(new int[] {1, 0, 3, 2}, top[0]);
        int[][] top2 = new ExactCosineSearch(new float[][] {{1, 0}, {0, 1}}, List.of("x", "y"))
                .search(new float[][] {{0, 3}}, 1);
        assertArrayEquals(new int[] {1}, top2[0]);
    }
}
