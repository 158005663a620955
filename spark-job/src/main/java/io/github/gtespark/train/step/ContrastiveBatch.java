package io.github.gtespark.train.step;

import io.github.gtespark.loss.DuplicateMask;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One effective training batch of n (query, positive document) pairs with k hard negatives per pair, in the layout
 * of {@code docs/dev/contracts.md}: {@code features[0]} query ids {@code [n, L]}, {@code features[1]} positive doc
 * ids {@code [n, L]}, optional {@code features[2]} hard negatives {@code [n*k, L]} (row {@code i*k + j} = j-th
 * negative of pair i); {@code featuresMasks} of the same shapes (1 = token, 0 = padding); {@code labels[0]}
 * {@code [n, 2+k]} = query hash, doc hash, k negative hashes as doubles; optional {@code labels[1]} {@code [n, 1]}
 * = the gold score of each pair (only for a corpus prepared with a score column). A negative slot whose mask row is
 * all zero is <em>absent</em> (the pair has fewer than k negatives): it is not encoded and takes no part in the loss.
 */
public final class ContrastiveBatch implements Serializable {
    private static final long serialVersionUID = 1L;

    private final INDArray queryIds;
    private final INDArray queryMask;
    private final INDArray docIds;
    private final INDArray docMask;
    private final INDArray negativeIds;
    private final INDArray negativeMask;
    private final INDArray hashes;
    private final INDArray scores;

    /** A batch without pair scores. */
    public ContrastiveBatch(
            INDArray queryIds,
            INDArray queryMask,
            INDArray docIds,
            INDArray docMask,
            INDArray negativeIds,
            INDArray negativeMask,
            INDArray hashes) {
        this(queryIds, queryMask, docIds, docMask, negativeIds, negativeMask, hashes, null);
    }

    /**
     * @param negativeIds  {@code [n*k, L]} or {@code null} (then {@code negativeMask} is null and hashes are {@code [n, 2]})
     * @param scores       {@code [n, 1]} gold score of each pair (finite), or {@code null}
     */
    public ContrastiveBatch(
            INDArray queryIds,
            INDArray queryMask,
            INDArray docIds,
            INDArray docMask,
            INDArray negativeIds,
            INDArray negativeMask,
            INDArray hashes,
            INDArray scores) {
        require(queryIds != null && queryIds.rank() == 2, "query ids must be [n, L], got " + shape(queryIds));
        long n = queryIds.rows();
        require(n > 0, "a batch needs at least one pair");
        require(
                sameShape(queryMask, queryIds),
                "query mask " + shape(queryMask) + " must match query ids " + shape(queryIds));
        require(
                docIds != null && docIds.rank() == 2 && docIds.rows() == n,
                "doc ids must be [n, L] with n = " + n + ", got " + shape(docIds));
        require(sameShape(docMask, docIds), "doc mask " + shape(docMask) + " must match doc ids " + shape(docIds));
        require(
                hashes != null && hashes.rank() == 2 && hashes.rows() == n && hashes.columns() >= 2,
                "labels[0] must be [n, 2+k] text hashes with n = " + n + ", got " + shape(hashes));
        long k = hashes.columns() - 2;
        if (negativeIds == null) {
            require(
                    k == 0,
                    "labels[0] has " + k + " negative hash columns but the batch has no negatives (features[2])");
            require(negativeMask == null, "negative mask without negative ids");
        } else {
            require(
                    negativeIds.rank() == 2 && negativeIds.rows() == n * k,
                    "negative ids must be [n*k, L] = [" + n * k + ", L], got " + shape(negativeIds));
            require(
                    sameShape(negativeMask, negativeIds),
                    "negative mask " + shape(negativeMask) + " must match negative ids " + shape(negativeIds));
        }
        if (scores != null) {
            require(
                    scores.length() == n && (scores.rank() == 1 || scores.columns() == 1),
                    "labels[1] (pair scores) must be [n, 1] with n = " + n + ", got " + shape(scores));
            double[] values = scores.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .reshape(n)
                    .toDoubleVector();
            for (int i = 0; i < values.length; i++) {
                require(Double.isFinite(values[i]), "pair " + i + " has score " + values[i]);
            }
        }
        requireEveryRowHasATokenAndNoNaN(queryMask, "query");
        requireEveryRowHasATokenAndNoNaN(docMask, "positive document");
        this.queryIds = queryIds;
        this.queryMask = queryMask;
        this.docIds = docIds;
        this.docMask = docMask;
        this.negativeIds = negativeIds;
        this.negativeMask = negativeMask;
        this.hashes = hashes;
        this.scores = scores;
    }

    /** Reads the batch layout of {@code docs/dev/contracts.md}; throws {@link IllegalArgumentException} on any mismatch. */
    public static ContrastiveBatch fromMultiDataSet(MultiDataSet batch) {
        require(batch != null, "batch is null");
        INDArray[] f = batch.getFeatures();
        INDArray[] m = batch.getFeaturesMaskArrays();
        INDArray[] l = batch.getLabels();
        require(
                f != null && (f.length == 2 || f.length == 3),
                "features must hold 2 or 3 arrays (queries, positive docs[, hard negatives]), got "
                        + (f == null ? 0 : f.length));
        require(m != null && m.length == f.length, "featuresMasks must hold one mask per features array");
        require(l != null && l.length >= 1, "labels[0] (text hashes) is required");
        boolean withNegatives = f.length == 3 && f[2] != null && f[2].rows() > 0;
        return new ContrastiveBatch(
                f[0],
                m[0],
                f[1],
                m[1],
                withNegatives ? f[2] : null,
                withNegatives ? m[2] : null,
                l[0],
                l.length > 1 ? l[1] : null);
    }

    /** The batch in the layout of {@code docs/dev/contracts.md}. */
    public MultiDataSet toMultiDataSet() {
        INDArray[] features = negativeIds == null
                ? new INDArray[] {queryIds, docIds}
                : new INDArray[] {queryIds, docIds, negativeIds};
        INDArray[] masks = negativeIds == null
                ? new INDArray[] {queryMask, docMask}
                : new INDArray[] {queryMask, docMask, negativeMask};
        INDArray[] labels = scores == null ? new INDArray[] {hashes} : new INDArray[] {hashes, scores};
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels, masks, null);
    }

    public int pairs() {
        return (int) queryIds.rows();
    }

    public int negativesPerPair() {
        return (int) hashes.columns() - 2;
    }

    public INDArray queryIds() {
        return queryIds;
    }

    public INDArray queryMask() {
        return queryMask;
    }

    public INDArray docIds() {
        return docIds;
    }

    public INDArray docMask() {
        return docMask;
    }

    /** {@code [n*k, L]} or {@code null}. */
    public INDArray negativeIds() {
        return negativeIds;
    }

    public INDArray negativeMask() {
        return negativeMask;
    }

    /** {@code [n, 2+k]}. */
    public INDArray hashes() {
        return hashes;
    }

    /** {@code [n, 1]} gold scores of the pairs, or {@code null} when the corpus has none. */
    public INDArray scores() {
        return scores;
    }

    /** The hashes, absent negatives and (when present) pair scores the loss receives. */
    public DuplicateMask duplicateMask() {
        return DuplicateMask.fromLabels(hashes, negativeMask, scores);
    }

    /** Row indices of the negative slots that hold a text (mask row not all zero), ascending. */
    public int[] presentNegativeRows() {
        if (negativeIds == null) {
            return new int[0];
        }
        double[] tokens = negativeMask.sum(1).toDoubleVector();
        return java.util.stream.IntStream.range(0, tokens.length)
                .filter(r -> tokens[r] > 0)
                .toArray();
    }

    private static void requireEveryRowHasATokenAndNoNaN(INDArray mask, String what) {
        double[] tokens = mask.sum(1).toDoubleVector();
        for (int r = 0; r < tokens.length; r++) {
            require(!Double.isNaN(tokens[r]), what + " mask row " + r + " contains NaN");
            require(tokens[r] > 0, what + " row " + r + " has no tokens (all-zero mask)");
        }
    }

    private static boolean sameShape(INDArray a, INDArray b) {
        return a != null && b != null && Arrays.equals(a.shape(), b.shape());
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid contrastive batch: " + message);
        }
    }
}
