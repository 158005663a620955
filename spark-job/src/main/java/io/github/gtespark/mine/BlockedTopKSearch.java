package io.github.gtespark.mine;

import io.github.gtespark.device.NativeVariantSelection;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact cosine top-k search in blocks: a block of unit query vectors times a block of unit document vectors
 * (one ND4J float GEMM, {@code queries x documents} scores, pre-selects), each query keeping its {@code depth} best
 * documents by exact cosine ({@link #dot}; cosine descending, ties by smaller id: document ids are positions in text
 * order) and counting, for each of its positives, the documents ranked above it (higher cosine than the
 * positive's, or equal and a smaller id). Results
 * of the same query block over different document blocks merge ({@link #merge}) into the results over their union,
 * in any order. Memory per call: the two blocks, {@code queries x documents} floats of scores, and the heaps:
 * bounded by the block sizes and the depths, never by the pool. No Spark code.
 */
public final class BlockedTopKSearch {

    static {
        NativeVariantSelection.selectForThisJvm(); // executors: choose the ND4J native build before its first use
    }

    private BlockedTopKSearch() {}

    /**
     * Extra entries each query keeps from a block's GEMM scores before re-scoring: float GEMM errors (at most
     * ~dim x 2^-24 for unit vectors) can swap neighbours near the cut, never by 16 places in practice.
     */
    static final int SLACK = 16;
    /** Scores of the GEMM this close to a positive's are recomputed exactly before the rank comparison. */
    static final float RECHECK = 1e-4f;

    /**
     * The hits of every query of {@code q} within {@code docs}. The GEMM pre-selects {@code depth + SLACK}
     * documents per query; their cosines are then recomputed exactly ({@link #dot}: products of the float vectors
     * summed in double, rounded to float) and the best {@code depth} by exact cosine are kept. Positive ranks
     * compare exact cosines as well (the GEMM's score is recomputed whenever it is within {@link #RECHECK}).
     */
    public static BlockResult search(QueryBlock q, VectorBlock docs) {
        VectorBlock queries = q.queries();
        if (queries.dim() != docs.dim()) {
            throw new IllegalArgumentException(
                    "query dimension " + queries.dim() + " != document dimension " + docs.dim());
        }
        int nq = queries.rows();
        int nd = docs.rows();
        int dim = docs.dim();
        Scores scores = scores(queries, docs);
        float[] flat = scores.values();
        int sq = scores.queryStride();
        int sd = scores.docStride();
        float[] qv = queries.values();
        float[] dv = docs.values();
        long first = docs.firstId();
        TopKHeap[] heaps = new TopKHeap[nq];
        float[] thresholds = new float[nq];
        for (int i = 0; i < nq; i++) {
            heaps[i] = new TopKHeap(Math.min(Math.min(q.depth()[i], nd) + SLACK, nd));
            thresholds[i] = heaps[i].threshold();
        }
        // walk the scores in memory order: query-major for a row-major result, document-major otherwise
        if (sd == 1) {
            for (int i = 0; i < nq; i++) {
                int base = i * sq;
                float t = thresholds[i];
                for (int j = 0; j < nd; j++) {
                    float v = flat[base + j];
                    if (v >= t) {
                        heaps[i].offer(v, first + j);
                        t = heaps[i].threshold();
                    }
                }
            }
        } else {
            for (int j = 0; j < nd; j++) {
                int base = j * sd;
                for (int i = 0; i < nq; i++) {
                    float v = flat[base + i * sq];
                    if (v >= thresholds[i]) {
                        heaps[i].offer(v, first + j);
                        thresholds[i] = heaps[i].threshold();
                    }
                }
            }
        }
        QueryHits[] hits = new QueryHits[nq];
        for (int i = 0; i < nq; i++) {
            int depth = Math.min(q.depth()[i], nd);
            QueryHits approx = heaps[i].bestFirst(null, null);
            TopKHeap exact = new TopKHeap(depth);
            for (long id : approx.ids()) {
                exact.offer(dot(qv, i * dim, dv, (int) (id - first) * dim, dim), id);
            }
            long[] positives = q.positiveIds()[i];
            float[] positiveScores = q.positiveScores()[i];
            long[] above = new long[positives.length];
            for (int p = 0; p < positives.length; p++) {
                float sp = positiveScores[p];
                long pid = positives[p];
                long count = 0;
                for (int j = 0; j < nd; j++) {
                    long id = first + j;
                    if (id == pid) {
                        continue;
                    }
                    float v = flat[i * sq + j * sd];
                    if (Math.abs(v - sp) <= RECHECK) {
                        v = dot(qv, i * dim, dv, j * dim, dim);
                    }
                    if (v > sp || (v == sp && id < pid)) {
                        count++;
                    }
                }
                above[p] = count;
            }
            hits[i] = exact.bestFirst(positiveScores, above);
        }
        return new BlockResult(queries.firstId(), q.depth(), hits);
    }

    /** GEMM scores as a flat array: query i, document j at {@code i * queryStride + j * docStride}. */
    record Scores(float[] values, int queryStride, int docStride) {}

    /** {@code queries x documents} float GEMM scores, in the result's own memory order (no transposing copy). */
    static Scores scores(VectorBlock queries, VectorBlock docs) {
        INDArray a = Nd4j.create(queries.values(), new long[] {queries.rows(), queries.dim()}, 'c');
        INDArray b = Nd4j.create(docs.values(), new long[] {docs.rows(), docs.dim()}, 'c');
        INDArray s = Nd4j.gemm(a, b, false, true);
        if (s.length() != (long) queries.rows() * docs.rows() || s.data().length() != s.length()) {
            s = s.dup('c');
        }
        float[] out = s.data().asFloat();
        Scores result = s.ordering() == 'c' ? new Scores(out, docs.rows(), 1) : new Scores(out, 1, queries.rows());
        a.close();
        b.close();
        s.close();
        return result;
    }

    /** The hits over the union of the document blocks of {@code a} and {@code b} (same query block, disjoint documents). */
    public static BlockResult merge(BlockResult a, BlockResult b) {
        int[] depth = a.depth();
        if (a.firstQueryId() != b.firstQueryId() || a.hits().length != b.hits().length) {
            throw new IllegalArgumentException("results of different query blocks");
        }
        QueryHits[] out = new QueryHits[a.hits().length];
        for (int i = 0; i < out.length; i++) {
            QueryHits x = a.hits()[i];
            QueryHits y = b.hits()[i];
            TopKHeap heap = new TopKHeap(Math.min(depth[i], x.ids().length + y.ids().length));
            for (int j = 0; j < x.ids().length; j++) {
                heap.offer(x.scores()[j], x.ids()[j]);
            }
            for (int j = 0; j < y.ids().length; j++) {
                heap.offer(y.scores()[j], y.ids()[j]);
            }
            long[] above = new long[x.aboveCounts().length];
            for (int p = 0; p < above.length; p++) {
                above[p] = x.aboveCounts()[p] + y.aboveCounts()[p];
            }
            out[i] = heap.bestFirst(x.positiveScores(), above);
        }
        return new BlockResult(a.firstQueryId(), depth, out);
    }

    /** Cosine of two unit vectors: the products summed in double, in index order, rounded to float. */
    public static float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
            s += (double) a[aOffset + j] * b[bOffset + j];
        }
        return (float) s;
    }
}
