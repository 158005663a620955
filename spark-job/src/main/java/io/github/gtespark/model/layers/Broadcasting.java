package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/** In-place element-wise arithmetic with NumPy broadcasting of the second operand (ND4J custom ops). */
final class Broadcasting {

    private Broadcasting() {}

    /** {@code a += b} with {@code b} broadcast to {@code a}'s shape; returns {@code a}. */
    static INDArray addi(INDArray a, INDArray b) {
        Nd4j.exec(new AddOp(new INDArray[] {a, b}, new INDArray[] {a}));
        return a;
    }

    /** {@code a -= b} with {@code b} broadcast to {@code a}'s shape; returns {@code a}. */
    static INDArray subi(INDArray a, INDArray b) {
        Nd4j.exec(new SubOp(new INDArray[] {a, b}, new INDArray[] {a}));
        return a;
    }

    /** {@code a *= b} with {@code b} broadcast to {@code a}'s shape; returns {@code a}. */
    static INDArray muli(INDArray a, INDArray b) {
        Nd4j.exec(new MulOp(new INDArray[] {a, b}, new INDArray[] {a}));
        return a;
    }
}
