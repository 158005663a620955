package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LayerNorm over the last axis of a 2-D [rows, hidden] array: {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}
 * (biased variance, as in BERT / PyTorch), with its exact backward pass.
 */
final class LayerNormalization {

    /** Forward result: output plus what the backward pass needs. */
    record Result(INDArray output, INDArray normalized, INDArray inverseStd) {}

    private LayerNormalization() {}

    /**
     * Forward pass of {@code x} [rows, hidden] into {@code out}; the mean, variance and normalised values go into
     * arrays taken from {@code arrays} (the normalised values and the inverse standard deviation are kept in the
     * result for the backward pass).
     */
    static Result forward(INDArray x, INDArray gamma, INDArray beta, double eps, INDArray out, ArraySource arrays) {
        long rows = x.size(0);
        long hidden = x.size(1);
        DataType type = x.dataType();
        INDArray mean = arrays.take(type, rows, 1);
        Nd4j.getExecutioner().exec(new Mean(x, mean.reshape(rows), 1));
        INDArray normalized = arrays.take(type, rows, hidden);
        Nd4j.exec(new SubOp(new INDArray[] {x, mean}, new INDArray[] {normalized}));
        INDArray squares = arrays.take(type, rows, hidden);
        Nd4j.exec(new MulOp(new INDArray[] {normalized, normalized}, new INDArray[] {squares}));
        INDArray inverseStd = arrays.take(type, rows, 1);
        Nd4j.getExecutioner().exec(new Mean(squares, inverseStd.reshape(rows), 1));
        Nd4j.getExecutioner().exec(new Pow(inverseStd.addi(eps), inverseStd, -0.5));
        normalized.muliColumnVector(inverseStd);
        Nd4j.exec(new MulOp(new INDArray[] {normalized, gamma.reshape(1, hidden)}, new INDArray[] {out}));
        out.addiRowVector(beta);
        return new Result(out, normalized, inverseStd);
    }

    /**
     * Backward pass: writes dL/dgamma and dL/dbeta into the given gradient views and returns dL/dx.
     * {@code dx = invStd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))}, {@code dxhat = dy * gamma}.
     */
    static INDArray backward(INDArray dy, Result forward, INDArray gamma, INDArray dGamma, INDArray dBeta) {
        INDArray xhat = forward.normalized();
        INDArray dyXhat = dy.mul(xhat);
        ColumnSums.into(dyXhat, dGamma);
        ColumnSums.into(dy, dBeta);
        if (dyXhat.closeable()) {
            dyXhat.close();
        }
        INDArray dxhat = dy.mulRowVector(gamma);
        INDArray meanDxhat = dxhat.mean(true, 1);
        INDArray meanDxhatXhat = dxhat.mul(xhat).mean(true, 1);
        INDArray dx = dxhat.subiColumnVector(meanDxhat).subi(xhat.mulColumnVector(meanDxhatXhat));
        return dx.muliColumnVector(forward.inverseStd());
    }
}
