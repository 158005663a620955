package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Exact GELU as in BERT ({@code hidden_act = "gelu"}): {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, and its derivative. */
final class ErfGelu {

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private ErfGelu() {}

    /**
     * {@code cdf = Phi(x)} and {@code out = x Phi(x)}; the backward pass takes {@code cdf} (no second erf). Float
     * arrays on the CPU backend go through {@link FloatGeluKernel} (one pass, erf to float precision), all others
     * through ND4J's ops.
     */
    static INDArray forward(INDArray x, INDArray cdf, INDArray out) {
        if (FloatGeluKernel.applicable(x, cdf, out)) {
            FloatGeluKernel.forward(x, cdf, out);
            return out;
        }
        Nd4j.getExecutioner().exec(new ScalarMultiplication(x, null, cdf, INV_SQRT2));
        Nd4j.getExecutioner().exec(new Erf(cdf, cdf));
        cdf.addi(1.0).muli(0.5);
        Nd4j.exec(new MulOp(new INDArray[] {cdf, x}, new INDArray[] {out}));
        return out;
    }

    /** dL/dx = dL/dy * (Phi(x) + x * phi(x)), with {@code cdf = Phi(x)} from {@link #forward}. */
    static INDArray backward(INDArray x, INDArray cdf, INDArray dy) {
        INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
        return pdf.muli(x).addi(cdf).muli(dy);
    }
}
