package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise L2 normalisation u = x / |x| and its backward pass dL/dx = (g - u (u . g)) / |x|.
 * A zero row stays zero (its norm is taken as 1), so padded or absent rows cannot produce NaN.
 */
final class UnitNormalisation {
    final INDArray unit;
    private final INDArray norms;

    private UnitNormalisation(INDArray unit, INDArray norms) {
        this.unit = unit;
        this.norms = norms;
    }

    static UnitNormalisation of(INDArray x) {
        INDArray norms = x.norm2(1);
        INDArray safe = norms.reshape(x.rows(), 1).dup();
        // rows of norm 0 -> divide by 1 (they stay 0)
        INDArray positive = safe.gt(0.0);
        INDArray isZeroMask = Transforms.not(positive);
        INDArray isZero = isZeroMask.castTo(safe.dataType());
        safe.addi(isZero);
        BatchEmbeddings.free(norms, positive, isZeroMask, isZero);
        return new UnitNormalisation(x.divColumnVector(safe), safe);
    }

    /** dL/dx from dL/du. */
    INDArray backward(INDArray gradUnit) {
        INDArray products = unit.mul(gradUnit);
        INDArray dots = products.sum(1);
        INDArray projection = unit.mulColumnVector(dots.reshape(unit.rows(), 1));
        INDArray dx = gradUnit.sub(projection).diviColumnVector(norms);
        BatchEmbeddings.free(products, dots, projection);
        return dx;
    }

    /** Releases the unit vectors and norms (native memory returned now, not at a garbage collection). */
    void free() {
        BatchEmbeddings.free(unit, norms);
    }
}
