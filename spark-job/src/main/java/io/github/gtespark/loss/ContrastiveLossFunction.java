package io.github.gtespark.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A {@link ContrastiveLoss} as a DL4J {@link ILossFunction}, for a {@code LossLayer} on top of an encoder (plain
 * {@code fit}, gradient checks, comparison with gradient caching).
 *
 * <p>Rows of the layer input: {@code [q_1..q_n; d_1..d_n; neg_1..neg_{n*k}]} (negatives in the order of the batch
 * layout); labels {@code [rows, 1]}: the text hash of each row, or {@code [rows, 2]} whose second column holds the gold
 * score of pair i in query row i (scored corpora, {@link ContrastiveLoss#needsScores()}; other rows ignored). Every
 * negative slot is taken as present. The score
 * per row is the batch loss (so the mean over rows is the batch loss L), and the gradient returned is rows x dL/dout,
 * because DL4J divides gradients by the minibatch size (rows). Label masks are not supported.
 */
public final class ContrastiveLossFunction implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @JsonProperty("loss")
    private final ContrastiveLoss loss;

    @JsonProperty("negativesPerPair")
    private final int negativesPerPair;

    @JsonCreator
    public ContrastiveLossFunction(
            @JsonProperty("loss") ContrastiveLoss loss, @JsonProperty("negativesPerPair") int negativesPerPair) {
        if (loss == null || negativesPerPair < 0) {
            throw new IllegalArgumentException("need a loss and negativesPerPair >= 0");
        }
        this.loss = loss;
        this.negativesPerPair = negativesPerPair;
    }

    private LossAndGradients evaluate(INDArray labels, INDArray output, INDArray mask) {
        if (mask != null && mask.minNumber().doubleValue() < 1) {
            throw new IllegalArgumentException("ContrastiveLossFunction does not support label masks");
        }
        long rows = output.rows();
        int group = 2 + negativesPerPair;
        if (output.rank() != 2 || rows % group != 0 || labels == null || labels.rows() != rows) {
            throw new IllegalArgumentException(
                    "expected " + group + "n rows [q; d; negatives] and one hash label per row, got output "
                            + java.util.Arrays.toString(output.shape()) + " labels "
                            + (labels == null ? "null" : java.util.Arrays.toString(labels.shape())));
        }
        int n = (int) (rows / group);
        int m = n * negativesPerPair;
        double[] hashes = labels.getColumn(0).toDoubleVector();
        double[] q = java.util.Arrays.copyOfRange(hashes, 0, n);
        double[] d = java.util.Arrays.copyOfRange(hashes, n, 2 * n);
        double[] neg = java.util.Arrays.copyOfRange(hashes, 2 * n, 2 * n + m);
        boolean[] present = new boolean[m];
        java.util.Arrays.fill(present, true);
        INDArray negatives = m == 0 ? null : output.get(NDArrayIndex.interval(2 * n, rows), NDArrayIndex.all());
        DuplicateMask duplicates = DuplicateMask.of(q, d, neg, present, negativesPerPair);
        if (labels.columns() > 1) {
            duplicates = duplicates.withScores(
                    java.util.Arrays.copyOf(labels.getColumn(1).toDoubleVector(), n));
        }
        return loss.compute(
                output.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()),
                output.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()),
                negatives,
                duplicates);
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        double l = evaluate(labels, out, mask).loss();
        return average ? l : l * out.rows();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        double l = evaluate(labels, out, mask).loss();
        return Nd4j.valueArrayOf(new long[] {out.rows(), 1}, l, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return computeGradientAndScore(labels, preOutput, activationFn, mask, true)
                .getSecond();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        LossAndGradients r = evaluate(labels, out, mask);
        INDArray dOut = r.dNegatives() == null
                ? Nd4j.vstack(r.dQueries(), r.dDocs())
                : Nd4j.vstack(r.dQueries(), r.dDocs(), r.dNegatives());
        dOut.muli(out.rows());
        INDArray dPre = activationFn.backprop(preOutput.dup(), dOut).getFirst();
        return new Pair<>(average ? r.loss() : r.loss() * out.rows(), dPre);
    }

    @Override
    public String name() {
        return "ContrastiveLossFunction(" + loss + ", k=" + negativesPerPair + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
