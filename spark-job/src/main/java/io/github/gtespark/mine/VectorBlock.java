package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * A block of unit vectors with contiguous ids {@code firstId .. firstId + rows - 1}, row-major in {@code values}
 * ({@code rows * dim} floats). Pool documents' ids are their positions in text order, so that a smaller id means
 * a smaller text (the tie-break of the ranking).
 */
public record VectorBlock(long firstId, int rows, int dim, float[] values) implements Serializable {

    public VectorBlock {
        if (values.length != (long) rows * dim) {
            throw new IllegalArgumentException(values.length + " values for " + rows + " x " + dim);
        }
    }

    /** Rows of (not necessarily unit) vectors, scaled to unit L2 length (a zero vector stays zero). */
    public static VectorBlock ofUnitRows(long firstId, float[][] vectors, int dim) {
        float[] v = new float[vectors.length * dim];
        for (int r = 0; r < vectors.length; r++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) vectors[r][j] * vectors[r][j];
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < dim; j++) {
                v[r * dim + j] = (float) (vectors[r][j] * scale);
            }
        }
        return new VectorBlock(firstId, vectors.length, dim, v);
    }

    public float[] row(int r) {
        return java.util.Arrays.copyOfRange(values, r * dim, (r + 1) * dim);
    }
}
