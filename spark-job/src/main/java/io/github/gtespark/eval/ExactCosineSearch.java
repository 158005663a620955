package io.github.gtespark.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Exact (brute-force) nearest-neighbour search by cosine similarity over a whole corpus: the unit-normalised
 * query and document matrices are multiplied chunk by chunk ({@code queryChunk x docChunk} scores at a time,
 * ND4J BLAS) and each query keeps its best {@code k} documents in a bounded heap. Memory is the document matrix
 * plus one score chunk; fine for corpora of 10^5 to 10^6 short documents. Ties are broken by document id,
 * descending, as trec_eval does.
 */
public final class ExactCosineSearch {

    private static final int QUERY_CHUNK = 256;
    private static final int DOC_CHUNK = 8192;

    private final INDArray documents;
    private final int[] tieRank;

    /**
     * @param documentVectors one row per document (need not be normalised; rows are normalised in place)
     * @param documentIds     the documents' ids, in row order (for tie-breaking)
     */
    public ExactCosineSearch(float[][] documentVectors, List<String> documentIds) {
        if (documentVectors.length != documentIds.size()) {
            throw new IllegalArgumentException(documentVectors.length + " vectors for " + documentIds.size() + " ids");
        }
        if (documentVectors.length == 0) {
            throw new IllegalArgumentException("the corpus is empty");
        }
        this.documents = Nd4j.create(UnitVectors.normalizeRows(documentVectors)).castTo(DataType.FLOAT);
        Integer[] byId = new Integer[documentIds.size()];
        for (int i = 0; i < byId.length; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, Comparator.comparing(documentIds::get));
        this.tieRank = new int[byId.length];
        for (int r = 0; r < byId.length; r++) {
            tieRank[byId[r]] = r;
        }
    }

    /** For each query row, the row indices of its {@code k} most similar documents, best first. */
    public int[][] search(float[][] queryVectors, int k) {
        UnitVectors.normalizeRows(queryVectors);
        int n = (int) documents.rows();
        int[][] results = new int[queryVectors.length][];
        for (int qFrom = 0; qFrom < queryVectors.length; qFrom += QUERY_CHUNK) {
            int qTo = Math.min(queryVectors.length, qFrom + QUERY_CHUNK);
            INDArray queries =
                    Nd4j.create(Arrays.copyOfRange(queryVectors, qFrom, qTo)).castTo(DataType.FLOAT);
            BoundedTopK[] heaps = new BoundedTopK[qTo - qFrom];
            for (int q = 0; q < heaps.length; q++) {
                heaps[q] = new BoundedTopK(Math.min(k, n), tieRank);
            }
            for (int dFrom = 0; dFrom < n; dFrom += DOC_CHUNK) {
                int dTo = Math.min(n, dFrom + DOC_CHUNK);
                INDArray docChunk = documents.get(NDArrayIndex.interval(dFrom, dTo), NDArrayIndex.all());
                float[] scores =
                        queries.mmul(docChunk.transpose()).dup('c').data().asFloat();
                int width = dTo - dFrom;
                for (int q = 0; q < heaps.length; q++) {
                    int base = q * width;
                    for (int d = 0; d < width; d++) {
                        heaps[q].offer(scores[base + d], dFrom + d);
                    }
                }
            }
            for (int q = 0; q < heaps.length; q++) {
                results[qFrom + q] = heaps[q].bestFirst();
            }
        }
        return results;
    }
}
