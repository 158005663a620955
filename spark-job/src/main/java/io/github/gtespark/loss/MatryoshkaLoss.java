package io.github.gtespark.loss;

import java.util.Arrays;
import java.util.StringJoiner;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Matryoshka representation learning around any {@link ContrastiveLoss}: the weighted sum of the inner loss over the
 * first d dimensions of every embedding, for each chosen d.
 *
 * <pre>
 *   L = sum_t w_t * L_inner( Q[:, :d_t], D[:, :d_t], N[:, :d_t] )        d_1 > d_2 > ... > 0,  w_t > 0 (default 1)
 *   dL/dQ = sum_t w_t * pad( dL_inner/dQ[:, :d_t] )                         zero-padded to the full width h
 * </pre>
 *
 * Inputs are those of {@link ContrastiveLoss} ({@code [n, h]} pooled, not yet normalised embeddings); every truncated
 * embedding is L2-normalised inside the inner loss (cosine over the first d_t dimensions), and the duplicate mask is
 * the same for every d_t. The gradient with respect to the full embeddings is the sum of the per-dimension gradients,
 * zero-padded, so gradient caching runs one backward pass per chunk whatever the number of dimensions. Every d_t must
 * be at most h (checked per batch; the training job checks it against the encoder's hidden size at stage start).
 * Settings: {@code train.matryoshka-dims}, {@code train.matryoshka-weights}.
 *
 * <p>References: Kusupati et al. 2022, "Matryoshka Representation Learning" (arXiv:2205.13147);
 * sentence-transformers {@code losses/MatryoshkaLoss.py} (same weighted sum; its cached variant also back-propagates
 * once through the summed embedding gradient).
 */
public final class MatryoshkaLoss implements ContrastiveLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("loss")
    private final ContrastiveLoss loss;

    @JsonProperty("dims")
    private final int[] dims;

    @JsonProperty("weights")
    private final double[] weights;

    /**
     * @param loss    the loss applied at every dimension
     * @param dims    strictly decreasing, all > 0
     * @param weights one per dimension, each finite and > 0; {@code null} or empty: all 1
     */
    @JsonCreator
    public MatryoshkaLoss(
            @JsonProperty("loss") ContrastiveLoss loss,
            @JsonProperty("dims") int[] dims,
            @JsonProperty("weights") double[] weights) {
        if (loss == null || loss instanceof MatryoshkaLoss) {
            throw new IllegalArgumentException("need an inner loss that is not itself a MatryoshkaLoss, got " + loss);
        }
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("need at least one dimension");
        }
        for (int t = 0; t < dims.length; t++) {
            if (dims[t] < 1 || (t > 0 && dims[t] >= dims[t - 1])) {
                throw new IllegalArgumentException(
                        "dimensions must be > 0 and strictly decreasing, got " + Arrays.toString(dims));
            }
        }
        double[] w = weights == null || weights.length == 0 ? filled(dims.length) : weights.clone();
        if (w.length != dims.length) {
            throw new IllegalArgumentException(dims.length + " dimensions but " + w.length + " weights");
        }
        for (double x : w) {
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("weights must be finite and > 0, got " + Arrays.toString(w));
            }
        }
        this.loss = loss;
        this.dims = dims.clone();
        this.weights = w;
    }

    private static double[] filled(int length) {
        double[] w = new double[length];
        Arrays.fill(w, 1.0);
        return w;
    }

    public ContrastiveLoss inner() {
        return loss;
    }

    public int[] dims() {
        return dims.clone();
    }

    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double temperature() {
        return loss.temperature();
    }

    @Override
    public boolean needsScores() {
        return loss.needsScores();
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        if (queries == null || queries.rank() != 2) {
            throw new IllegalArgumentException("queries must be [n, h]");
        }
        long h = queries.columns();
        if (dims[0] > h) {
            throw new IllegalArgumentException("Matryoshka dimension " + dims[0] + " exceeds the embedding size " + h);
        }
        INDArray dQ = Nd4j.zeros(queries.dataType(), queries.shape());
        INDArray dD = Nd4j.zeros(docs.dataType(), docs.shape());
        INDArray dN = negatives == null ? null : Nd4j.zeros(negatives.dataType(), negatives.shape());
        double total = 0;
        for (int t = 0; t < dims.length; t++) {
            int d = dims[t];
            LossAndGradients r;
            if (d == h) {
                r = loss.compute(queries, docs, negatives, mask);
            } else {
                INDArray q = first(queries, d);
                INDArray p = first(docs, d);
                INDArray neg = negatives == null ? null : first(negatives, d);
                r = loss.compute(q, p, neg, mask);
                BatchEmbeddings.free(q, p, neg);
            }
            total += weights[t] * r.loss();
            add(dQ, r.dQueries(), d, weights[t]);
            add(dD, r.dDocs(), d, weights[t]);
            if (dN != null) {
                add(dN, r.dNegatives(), d, weights[t]);
            }
        }
        return new LossAndGradients(total, dQ, dD, dN);
    }

    private static INDArray first(INDArray x, int d) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup();
    }

    /** {@code target[:, :d] += w * gradient}, then frees {@code gradient}. */
    private static void add(INDArray target, INDArray gradient, int d, double w) {
        INDArrayIndex[] columns = {NDArrayIndex.all(), NDArrayIndex.interval(0, d)};
        INDArray view = d == target.columns() ? target : target.get(columns);
        if (w != 1.0) {
            gradient.muli(w);
        }
        view.addi(gradient);
        BatchEmbeddings.free(gradient);
    }

    /** The inner label with the dimensions (and weights unless all 1), e.g. {@code improved(qq,dq,dd) matryoshka[384,256]}. */
    @Override
    public String label() {
        boolean unit = Arrays.stream(weights).allMatch(w -> w == 1.0);
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int t = 0; t < dims.length; t++) {
            j.add(unit ? Integer.toString(dims[t]) : dims[t] + ":" + weights[t]);
        }
        return loss.label() + " matryoshka" + j;
    }

    @Override
    public String toString() {
        return "MatryoshkaLoss(" + loss + ", dims=" + Arrays.toString(dims) + ", weights=" + Arrays.toString(weights)
                + ")";
    }
}
