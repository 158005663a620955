package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the last axis of a 2-D [rows, hidden] array: {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}
 * (biased variance, as in BERT / PyTorch), with its exact backward pass.
 */
final class LayerNormalization {

    /** Forward result: output plus what the backward pass needs. */
    record Result(INDArray output, INDArray normalized, INDArray inverseStd) {
    }

    private LayerNormalization() {
    }

    static Result forward(INDArray x, INDArray gamma, INDArray beta, double eps) {
        INDArray mean = x.mean(true, 1);
        INDArray centered = x.subColumnVector(mean);
        INDArray squares = centered.mul(centered);
        INDArray variance = squares.mean(true, 1);
        // temporaries: release outside workspaces at once instead of at a garbage collection (no-op in a workspace)
        close(mean);
        close(squares);
        INDArray inverseStd = Transforms.pow(variance.addi(eps), -0.5, false);
        INDArray normalized = centered.muliColumnVector(inverseStd);
        INDArray y = normalized.mulRowVector(gamma).addiRowVector(beta);
        return new Result(y, normalized, inverseStd);
    }

    private static void close(INDArray a) {
        if (!a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    /**
     * Backward pass: writes dL/dgamma and dL/dbeta into the given gradient views and returns dL/dx.
     * {@code dx = invStd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))}, {@code dxhat = dy * gamma}.
     */
    static INDArray backward(INDArray dy, Result forward, INDArray gamma, INDArray dGamma, INDArray dBeta) {
        INDArray xhat = forward.normalized();
        dGamma.assign(dy.mul(xhat).sum(0).reshape(dGamma.shape()));
        dBeta.assign(dy.sum(0).reshape(dBeta.shape()));
        INDArray dxhat = dy.mulRowVector(gamma);
        INDArray meanDxhat = dxhat.mean(true, 1);
        INDArray meanDxhatXhat = dxhat.mul(xhat).mean(true, 1);
        INDArray dx = dxhat.subiColumnVector(meanDxhat).subi(xhat.mulColumnVector(meanDxhatXhat));
        return dx.muliColumnVector(forward.inverseStd());
    }
}
