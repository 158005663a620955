package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Exact GELU as in BERT ({@code hidden_act = "gelu"}): {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, and its derivative. */
final class ErfGelu {

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private ErfGelu() {
    }

    /** Standard normal CDF Phi(x) (new array). */
    private static INDArray cdf(INDArray x) {
        INDArray c = x.mul(INV_SQRT2);
        Nd4j.getExecutioner().exec(new Erf(c, c));
        return c.addi(1.0).muli(0.5);
    }

    /** {@code out = gelu(x)} (out may not be x). */
    static INDArray forward(INDArray x, INDArray out) {
        Nd4j.getExecutioner().exec(new ScalarMultiplication(x, null, out, INV_SQRT2));
        Nd4j.getExecutioner().exec(new Erf(out, out));
        return out.addi(1.0).muli(0.5).muli(x);
    }

    /** dL/dx = dL/dy * (Phi(x) + x * phi(x)). */
    static INDArray backward(INDArray x, INDArray dy) {
        INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
        INDArray derivative = cdf(x).addi(pdf.muli(x));
        return derivative.muli(dy);
    }
}
