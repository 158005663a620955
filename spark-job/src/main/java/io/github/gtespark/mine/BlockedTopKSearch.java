package io.github.gtespark.mine;

import io.github.gtespark.device.NativeVariantSelection;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact cosine top-k search in blocks: a block of unit query vectors times a block of unit document vectors
 * (one ND4J float GEMM, {@code queries x documents} scores, pre-selects), each query keeping its {@code depth} best
 * documents by exact cosine ({@link #dot}; cosine descending, ties by smaller id: document ids are positions in text
 * order) and counting, for each of its positives, the documents ranked above it (higher cosine than the
 * positive's, or equal and a smaller id). Results
 * of the same query block over different document blocks merge ({@link #merge}) into the results over their union,
 * in any order. Memory per call: the two blocks, a per-thread native copy of the document block and
 * {@link #QUERY_TILE} x {@code documents} floats of scores (reused from call to call), and the heaps:
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
        float[] qv = queries.values();
        float[] dv = docs.values();
        long first = docs.firstId();
        QueryHits[] hits = new QueryHits[nq];
        Workspace ws = WORKSPACE.get();
        INDArray b = ws.documents(docs);
        int tile = Math.max(1, Math.min(nq, QUERY_TILE));
        float[] row = new float[nd];
        long[] keys = new long[0];
        int[] candidates = new int[0];
        float[] exactScores = new float[0];
        for (int from = 0; from < nq; from += tile) {
            int rows = Math.min(tile, nq - from);
            FloatBuffer flat = ws.scores(queries, from, rows, b); // row-major: query from + i, document j at i * nd + j
            for (int i = 0; i < rows; i++) {
                int query = from + i;
                flat.get(i * nd, row, 0, nd); // one query's scores, a copy that stays in the core's cache
                int depth = Math.min(q.depth()[query], nd);
                int k = Math.min(depth + SLACK, nd);
                if (keys.length < 4 * k) {
                    keys = new long[4 * k];
                    candidates = new int[k];
                    exactScores = new float[k];
                }
                int n = preselect(row, k, keys);
                for (int c = 0; c < n; c++) {
                    candidates[c] = (int) keys[c] * dim;
                }
                dots(qv, query * dim, dv, candidates, n, dim, exactScores);
                TopKHeap exact = new TopKHeap(depth);
                for (int c = 0; c < n; c++) {
                    exact.offer(exactScores[c], first + (int) keys[c]);
                }
                long[] positives = q.positiveIds()[query];
                float[] positiveScores = q.positiveScores()[query];
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
                        float v = row[j];
                        if (Math.abs(v - sp) <= RECHECK) {
                            v = dot(qv, query * dim, dv, j * dim, dim);
                        }
                        if (v > sp || (v == sp && id < pid)) {
                            count++;
                        }
                    }
                    above[p] = count;
                }
                hits[query] = exact.bestFirst(positiveScores, above);
            }
        }
        return new BlockResult(queries.firstId(), q.depth(), hits);
    }

    /**
     * The {@code k} best scores of {@code row} (higher score, then smaller index), as their indices in the low 32
     * bits of {@code keys[0 .. k - 1]} (in no particular order; {@code keys.length >= 2k}). One pass: scores above
     * the running k-th best go to a buffer; a full buffer is cut back (quickselect) to its k best, which raises the
     * threshold. Scores equal to the threshold are skipped: they come later in the row, so they rank below it.
     */
    static int preselect(float[] row, int k, long[] keys) {
        int n = 0;
        boolean cut = false;
        float t = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < row.length; j++) {
            float v = row[j];
            if (v > t || (!cut && v == t)) {
                if (n == keys.length) {
                    n = cut(keys, n, k);
                    t = scoreOfKey(keys[k - 1]);
                    cut = true;
                    if (!(v > t)) {
                        continue;
                    }
                }
                keys[n++] = key(v, j);
            }
        }
        return n <= k ? n : cut(keys, n, k);
    }

    /** Moves the {@code k} smallest of {@code keys[0 .. n - 1]} to the front, the k-th smallest at {@code k - 1}. */
    private static int cut(long[] keys, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int nth = k - 1;
        while (hi > lo) { // quickselect (Hoare partition, median of three): linear time, no full sort
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < keys[lo]) {
                swap(keys, mid, lo);
            }
            if (keys[hi] < keys[lo]) {
                swap(keys, hi, lo);
            }
            if (keys[hi] < keys[mid]) {
                swap(keys, hi, mid);
            }
            long pivot = keys[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, i++, j--);
                }
            }
            if (nth <= j) {
                hi = j;
            } else if (nth >= i) {
                lo = i;
            } else {
                break; // keys[j + 1 .. i - 1] equal the pivot: nth is in place
            }
        }
        return k;
    }

    private static void swap(long[] a, int i, int j) {
        long x = a[i];
        a[i] = a[j];
        a[j] = x;
    }

    /**
     * A long whose natural order is score descending, then index ascending: the score's bits made order-preserving
     * as an int (negative zero taken as zero, as {@code ==} does), complemented, above the index.
     */
    static long key(float score, int index) {
        int bits = Float.floatToRawIntBits(score + 0.0f);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | index;
    }

    static float scoreOfKey(long key) {
        int ordered = ~(int) (key >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }

    /**
     * Queries per GEMM call: {@code QUERY_TILE x documents} scores are written and then read while they are still
     * in cache (256 x 8192 floats: 8 MB), and the per-thread score buffer stays that size whatever the query block.
     */
    static final int QUERY_TILE = Integer.getInteger("gte.mine.query-tile", 256);

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * Off-heap arrays one thread reuses from call to call: the document block (copied in once per call), a tile of
     * queries and the tile's scores. Reusing them avoids allocating, page-faulting and freeing tens of MB per block,
     * and the scores are read through a {@link FloatBuffer} over ND4J's memory, one query's row at a time (no
     * copy of the whole block to the Java heap).
     */
    private static final class Workspace {
        private DataBuffer docs;
        private DataBuffer queries;
        private DataBuffer scores;

        private static DataBuffer atLeast(DataBuffer buffer, long length) {
            if (buffer != null && buffer.length() >= length) {
                return buffer;
            }
            if (buffer != null) {
                buffer.close();
            }
            return Nd4j.createBufferDetached(new float[(int) length]);
        }

        private static INDArray matrix(DataBuffer buffer, long rows, long cols) {
            return Nd4j.create(buffer, new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
        }

        INDArray documents(VectorBlock block) {
            docs = atLeast(docs, block.values().length);
            docs.asNioFloat().put(block.values());
            return matrix(docs, block.rows(), block.dim());
        }

        /** The scores of {@code rows} queries from row {@code from} against {@code documents}, row-major. */
        FloatBuffer scores(VectorBlock block, int from, int rows, INDArray documents) {
            int dim = block.dim();
            queries = atLeast(queries, (long) rows * dim);
            queries.asNioFloat().put(block.values(), from * dim, rows * dim);
            long nd = documents.rows();
            if ((long) rows * nd > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException(rows + " x " + nd + " scores exceed one buffer: smaller blocks");
            }
            scores = atLeast(scores, rows * nd);
            INDArray c = matrix(scores, rows, nd);
            Nd4j.gemm(matrix(queries, rows, dim), documents, c, false, true, 1.0, 0.0);
            return scores.asNioFloat();
        }
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
            // both lists are best first with distinct ids: one pass of a merge keeps the best depth[i] of their union
            int n = Math.min(depth[i], x.ids().length + y.ids().length);
            long[] ids = new long[n];
            float[] scores = new float[n];
            int xi = 0;
            int yi = 0;
            for (int k = 0; k < n; k++) {
                boolean takeX = yi == y.ids().length
                        || (xi < x.ids().length
                                && TopKHeap.better(x.scores()[xi], x.ids()[xi], y.scores()[yi], y.ids()[yi]));
                if (takeX) {
                    ids[k] = x.ids()[xi];
                    scores[k] = x.scores()[xi++];
                } else {
                    ids[k] = y.ids()[yi];
                    scores[k] = y.scores()[yi++];
                }
            }
            long[] above = new long[x.aboveCounts().length];
            for (int p = 0; p < above.length; p++) {
                above[p] = x.aboveCounts()[p] + y.aboveCounts()[p];
            }
            out[i] = new QueryHits(ids, scores, x.positiveScores(), above);
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

    /**
     * {@link #dot} of the query at {@code qOffset} with the documents at {@code docOffsets[0 .. n - 1]}, into
     * {@code out}: four documents at a time, each its own sum in index order (the same float as {@link #dot}; four
     * independent additions in flight instead of one chain waiting on the previous sum).
     */
    static void dots(float[] q, int qOffset, float[] d, int[] docOffsets, int n, int dim, float[] out) {
        int c = 0;
        for (; c + 4 <= n; c += 4) {
            int o0 = docOffsets[c];
            int o1 = docOffsets[c + 1];
            int o2 = docOffsets[c + 2];
            int o3 = docOffsets[c + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < dim; j++) {
                double x = q[qOffset + j];
                s0 += x * d[o0 + j];
                s1 += x * d[o1 + j];
                s2 += x * d[o2 + j];
                s3 += x * d[o3 + j];
            }
            out[c] = (float) s0;
            out[c + 1] = (float) s1;
            out[c + 2] = (float) s2;
            out[c + 3] = (float) s3;
        }
        for (; c < n; c++) {
            out[c] = dot(q, qOffset, d, docOffsets[c], dim);
        }
    }
}
