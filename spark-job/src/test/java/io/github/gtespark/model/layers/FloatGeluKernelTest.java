package io.github.gtespark.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The Java GELU kernel against libnd4j's double-precision erf, on views like those of the blocks' arenas. */
class FloatGeluKernelTest {

    private static INDArray erfDouble(INDArray x) {
        return Nd4j.getExecutioner().exec(new Erf(x.castTo(DataType.DOUBLE)));
    }

    @Test
    void erfIsWithinHalfAMillionthOfDoublePrecisionErfEverywhere() {
        int n = 400_001;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = -10.0 + 20.0 * i / (n - 1);
        }
        INDArray x = Nd4j.createFromArray(grid);
        INDArray reference = erfDouble(x);
        double maxError = 0;
        for (int i = 0; i < n; i++) {
            // the kernel sees float inputs: compare at the float-rounded point
            float xf = (float) grid[i];
            double exact =
                    reference.getDouble(i) + (xf - grid[i]) * 2 / Math.sqrt(Math.PI) * Math.exp(-grid[i] * grid[i]);
            maxError = Math.max(maxError, Math.abs(FloatGeluKernel.erf(xf) - exact));
        }
        assertTrue(maxError < 5e-7, "max |erf error| " + maxError);
        assertEquals(1.0f, FloatGeluKernel.erf(30f));
        assertEquals(-1.0f, FloatGeluKernel.erf(-30f));
        assertEquals(0.0f, FloatGeluKernel.erf(0f));
    }

    @Test
    void forwardOnOffsetViewsMatchesTheExactGelu() {
        // lengths that are not multiples of the tile, views at odd offsets of one block (as ForwardStateArena hands
        // out)
        int rows = 37;
        int cols = 1531;
        long n = (long) rows * cols;
        INDArray block = Nd4j.create(DataType.FLOAT, 4 * n + 100);
        INDArray x = block.get(NDArrayIndex.interval(7, 7 + n)).reshape('c', rows, cols);
        INDArray cdf = block.get(NDArrayIndex.interval(n + 30, 2 * n + 30)).reshape('c', rows, cols);
        INDArray out = block.get(NDArrayIndex.interval(3 * n + 1, 4 * n + 1)).reshape('c', rows, cols);
        x.assign(Nd4j.randn(DataType.FLOAT, rows, cols).muli(3.0));
        INDArray before = block.dup();
        assertTrue(FloatGeluKernel.applicable(x, cdf, out));

        ErfGelu.forward(x, cdf, out);

        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray exactCdf = erfDouble(xd.mul(1.0 / Math.sqrt(2.0))).addi(1.0).muli(0.5);
        INDArray exactOut = exactCdf.mul(xd);
        double cdfError = exactCdf.sub(cdf.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double outError = exactOut.sub(out.castTo(DataType.DOUBLE))
                .div(Transforms.abs(xd).addi(1.0))
                .amaxNumber()
                .doubleValue();
        assertTrue(cdfError < 3e-7, "max |Phi error| " + cdfError);
        assertTrue(outError < 3e-7, "max |GELU error| / (1 + |x|) " + outError);
        // nothing outside the three views was written
        assertEquals(before.getFloat(0), block.getFloat(0));
        assertEquals(
                before.get(NDArrayIndex.interval(2 * n + 30, 3 * n + 1)),
                block.get(NDArrayIndex.interval(2 * n + 30, 3 * n + 1)));
    }

    @Test
    void doubleAndNonContiguousArraysTakeNd4jsOwnErf() {
        INDArray xd = Nd4j.randn(DataType.DOUBLE, 5, 9);
        assertFalse(FloatGeluKernel.applicable(xd, xd.like(), xd.like()));
        INDArray xf = Nd4j.randn(DataType.FLOAT, 9, 5).transpose();
        assertFalse(
                FloatGeluKernel.applicable(xf, Nd4j.create(DataType.FLOAT, 5, 9), Nd4j.create(DataType.FLOAT, 5, 9)));

        INDArray cdf = xd.like();
        INDArray out = xd.like();
        ErfGelu.forward(xd, cdf, out);
        INDArray exactCdf = erfDouble(xd.mul(1.0 / Math.sqrt(2.0))).addi(1.0).muli(0.5);
        assertEquals(0.0, exactCdf.sub(cdf).amaxNumber().doubleValue(), 1e-15);
        assertEquals(0.0, exactCdf.mul(xd).sub(out).amaxNumber().doubleValue(), 1e-15);
    }
}
