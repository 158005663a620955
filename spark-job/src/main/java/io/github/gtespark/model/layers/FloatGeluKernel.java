package io.github.gtespark.model.layers;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact-GELU forward pass for float arrays on the CPU backend in one pass over the data, evaluated in Java:
 * {@code cdf = Phi(x) = 0.5 (1 + erf(x / sqrt 2))} and {@code out = x * cdf}.
 *
 * <p>Why: libnd4j's {@code erf} is a scalar series whose cost grows with |x| (5-16 ns per element on two cores for
 * the FFN pre-activations of a BERT block), and the GELU around it takes four more passes over the
 * {@code [b*L, intermediate]} array; together they were 9-15 % of a forward pass. Here the data is copied in
 * tiles into Java arrays, where HotSpot's C2 compiler turns the loop into SIMD code, and written back: about 8x
 * faster than the five ND4J ops (2026-11-27, [1024, 1536] floats: 3.3 ms vs 26.7 ms).
 *
 * <p>erf is the rational approximation Eigen uses for single precision ({@code generic_fast_erf_float}: an odd
 * degree-13 numerator over an even degree-8 denominator in x, inputs clamped to [-4, 4], beyond which erf is +-1 in
 * float). Measured against libnd4j's double-precision erf on a grid of 2,000,001 points in [-8, 8]: max absolute
 * error 4.4e-7 (about 4 float ulps at 1), so Phi is within 2.3e-7; the encoder parity test against ONNX Runtime
 * checks the effect on whole embeddings. Double-precision arrays (the gradient checks) and every other backend keep
 * ND4J's own erf ({@link ErfGelu}).
 */
final class FloatGeluKernel {

    /** Elements per tile: three tiles of 32 KB per thread stay in the L1/L2 caches. */
    private static final int TILE = 8192;

    private static final ThreadLocal<float[][]> TILES = ThreadLocal.withInitial(() -> new float[3][TILE]);
    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

    private FloatGeluKernel() {}

    /**
     * Whether {@link #forward} can run on these arrays: CPU backend, all float, C order with default strides (views
     * into a larger buffer are fine), the same length, addressable as Java NIO buffers (whose capacity is an int
     * number of bytes: larger arrays take ND4J's ops).
     */
    static boolean applicable(INDArray x, INDArray cdf, INDArray out) {
        if (!Nd4j.getEnvironment().isCPU()) {
            return false;
        }
        long n = x.length();
        return contiguousFloat(x, n) && contiguousFloat(cdf, n) && contiguousFloat(out, n);
    }

    private static boolean contiguousFloat(INDArray a, long n) {
        return a.dataType() == DataType.FLOAT
                && a.length() == n
                && a.ordering() == 'c'
                && Shape.hasDefaultStridesForShape(a)
                && (a.offset() + n) * Float.BYTES <= Integer.MAX_VALUE;
    }

    /** {@code cdf = Phi(x)}, {@code out = x Phi(x)}; the arrays must be {@link #applicable}. */
    static void forward(INDArray x, INDArray cdf, INDArray out) {
        int n = (int) x.length();
        FloatBuffer xs = buffer(x, n);
        FloatBuffer cs = buffer(cdf, n);
        FloatBuffer os = buffer(out, n);
        int xo = (int) x.offset();
        int co = (int) cdf.offset();
        int oo = (int) out.offset();
        float[][] t = TILES.get();
        for (int start = 0; start < n; start += TILE) {
            int len = Math.min(TILE, n - start);
            xs.get(xo + start, t[0], 0, len);
            gelu(t[0], t[1], t[2], len);
            cs.put(co + start, t[1], 0, len);
            os.put(oo + start, t[2], 0, len);
        }
    }

    /** The array's whole underlying buffer (indexed with {@code offset()}), checked to hold the array. */
    private static FloatBuffer buffer(INDArray a, int n) {
        FloatBuffer b = a.data().asNioFloat();
        if (b.capacity() < a.offset() + n) {
            throw new IllegalStateException("float buffer of capacity " + b.capacity() + " cannot hold an array of " + n
                    + " elements at offset " + a.offset());
        }
        return b;
    }

    private static void gelu(float[] x, float[] cdf, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            float xi = x[i];
            float c = 0.5f + 0.5f * erf(xi * INV_SQRT2);
            cdf[i] = c;
            out[i] = xi * c;
        }
    }

    /** erf(a) to float precision (max absolute error 4.4e-7, see the class comment). */
    static float erf(float a) {
        float x = Math.max(Math.min(a, 4f), -4f);
        float x2 = x * x;
        float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
        p = x2 * p + -2.10102402082508e-06f;
        p = x2 * p + -5.69250639462346e-05f;
        p = x2 * p + -7.34990630326855e-04f;
        p = x2 * p + -2.95459980854025e-03f;
        p = x2 * p + -1.60960333262415e-02f;
        p = x * p;
        float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
        q = x2 * q + -1.68282697438203e-03f;
        q = x2 * q + -7.37332916720468e-03f;
        q = x2 * q + -1.42647390514189e-02f;
        return p / q;
    }
}
