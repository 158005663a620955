package io.github.gtespark.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The validated, unit-normalised embeddings of one batch: Q (queries), the document pool D = [d_1..d_n; negatives]
 * (absent negatives as zero rows), and the gradient accumulators dL/dQ and dL/dD in unit space.
 */
final class BatchEmbeddings {
    /** Rows per logit block: the logit matrices never exceed about this many elements per term. */
    static final long BLOCK_ELEMENTS = 1L << 20;

    final int n;
    final int k;
    final int m;
    final DataType dataType;
    final INDArray q;
    final INDArray docPool;
    final INDArray positives;
    final INDArray gradQ;
    final INDArray gradDocPool;
    final INDArray gradPositives;
    private final UnitNormalisation queryNorm;
    /** the normalisation of the pool [docs; negatives with absent slots zeroed]: {@code docPool} is its unit vectors */
    private final UnitNormalisation poolNorm;

    private final DuplicateMask mask;

    BatchEmbeddings(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        if (queries == null || docs == null || mask == null) {
            throw new IllegalArgumentException("queries, docs and mask are required");
        }
        if (queries.rank() != 2 || docs.rank() != 2 || !Arrays.equals(queries.shape(), docs.shape())) {
            throw new IllegalArgumentException("queries and docs must both be [n, h], got "
                    + Arrays.toString(queries.shape()) + " and " + Arrays.toString(docs.shape()));
        }
        if (!queries.dataType().isFPType() || queries.dataType() != docs.dataType()) {
            throw new IllegalArgumentException("queries and docs must share one floating point type, got "
                    + queries.dataType() + " and " + docs.dataType());
        }
        this.n = (int) queries.rows();
        this.k = mask.negativesPerPair();
        this.m = n * k;
        long h = queries.columns();
        if (mask.pairs() != n) {
            throw new IllegalArgumentException("mask is for " + mask.pairs() + " pairs, batch has " + n);
        }
        if (k == 0 && negatives != null && negatives.rows() > 0) {
            throw new IllegalArgumentException("negatives given but the mask says 0 negatives per pair");
        }
        if (k > 0) {
            if (negatives == null || negatives.rank() != 2 || negatives.rows() != m || negatives.columns() != h) {
                throw new IllegalArgumentException("negatives must be [n*k, h] = [" + m + ", " + h + "], got "
                        + (negatives == null ? "null" : Arrays.toString(negatives.shape())));
            }
            if (negatives.dataType() != queries.dataType()) {
                throw new IllegalArgumentException(
                        "negatives are " + negatives.dataType() + ", queries " + queries.dataType());
            }
        }
        this.mask = mask;
        this.dataType = queries.dataType();
        this.queryNorm = UnitNormalisation.of(queries);
        this.q = queryNorm.unit;
        // One normalisation over the whole pool: the unit pool is the only copy of the documents this class holds
        // (not documents, negatives and their concatenation), which matters at large n (gradient caching).
        if (k > 0) {
            INDArray rawPool = Nd4j.vstack(docs, negatives);
            for (int r = 0; r < m; r++) {
                if (!mask.negativePresent(r)) {
                    rawPool.getRow(n + r).assign(0.0); // absent slots may hold NaN from pooling an empty row
                }
            }
            this.poolNorm = UnitNormalisation.of(rawPool);
            free(rawPool);
        } else {
            this.poolNorm = UnitNormalisation.of(docs);
        }
        this.docPool = poolNorm.unit;
        this.positives = docPool.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        this.gradQ = Nd4j.zeros(dataType, n, h);
        this.gradDocPool = Nd4j.zeros(dataType, n + m, h);
        this.gradPositives = gradDocPool.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    /** Rows of anchors per block so that a [rows, columns] logit block stays near {@link #BLOCK_ELEMENTS}. */
    int rowsPerBlock(long columns) {
        return (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / Math.max(1, columns)));
    }

    /** Sets {@code -Infinity} in every column of {@code logits} that is an absent negative (columns n.. of the pool). */
    void excludeAbsentNegatives(INDArray logits) {
        for (int r = 0; r < m; r++) {
            if (!mask.negativePresent(r)) {
                logits.getColumn(n + r).assign(Double.NEGATIVE_INFINITY);
            }
        }
    }

    /** Row i of every block, the diagonal entries {@code logits[i - r0, i]}. */
    INDArray diagonal(INDArray logits, int r0) {
        int b = (int) logits.rows();
        INDArray out = Nd4j.create(dataType, b, 1);
        for (int ii = 0; ii < b; ii++) {
            out.putScalar(ii, 0, logits.getDouble(ii, r0 + ii));
        }
        return out;
    }

    /** A reusable logit buffer for blocks of up to {@code rows} anchors against {@code columns} candidates. */
    INDArray blockBuffer(int rows, long columns) {
        return Nd4j.create(dataType, rows, columns);
    }

    /**
     * {@code anchors x candidates^T / tau} written into the first {@code anchors.rows()} rows of {@code buffer}
     * (BLAS gemm, no temporaries); returns that view. The buffer's previous content is finite (zeros or
     * probabilities), so beta = 0 is safe.
     */
    static INDArray logits(INDArray anchors, INDArray candidates, INDArray buffer, double invTau) {
        long b = anchors.rows();
        INDArray view = b == buffer.rows() ? buffer : buffer.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        Nd4j.gemm(anchors, candidates, view, false, true, invTau, 0.0);
        return view;
    }

    /** {@code target += (transposeWeights ? weights^T : weights) x values}, in place (BLAS gemm with beta = 1). */
    static void accumulate(INDArray weights, INDArray values, boolean transposeWeights, INDArray target) {
        Nd4j.gemm(weights, values, target, transposeWeights, false, 1.0, 1.0);
    }

    /**
     * Releases the native memory of per-block temporaries now instead of at the next garbage collection (the Java
     * heap barely notices ND4J arrays, so without this a large batch would pile up O(n^2) bytes of dead buffers).
     */
    static void free(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    static void exclude(INDArray logits, int row, int column) {
        logits.putScalar(row, column, Double.NEGATIVE_INFINITY);
    }

    DuplicateMask mask() {
        return mask;
    }

    INDArray rows(INDArray a, int r0, int r1) {
        return a.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all());
    }

    /** Turns the accumulated unit-space gradients into dL/d(raw embeddings). */
    LossAndGradients result(double loss) {
        INDArray dQ = queryNorm.backward(gradQ);
        INDArray dPool = poolNorm.backward(gradDocPool);
        INDArray dD = dPool;
        INDArray dNeg = null;
        if (k > 0) {
            dD = dPool.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
            dNeg = dPool.get(NDArrayIndex.interval(n, n + m), NDArrayIndex.all())
                    .dup();
            free(dPool);
            for (int r = 0; r < m; r++) {
                if (!mask.negativePresent(r)) {
                    dNeg.getRow(r).assign(0.0);
                }
            }
        }
        // everything else of this batch is dead now: O(n h) arrays that would otherwise wait for a garbage collection
        queryNorm.free();
        poolNorm.free();
        free(gradQ, gradDocPool);
        return new LossAndGradients(loss, dQ, dD, dNeg);
    }
}
