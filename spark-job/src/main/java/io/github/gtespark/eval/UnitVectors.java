package io.github.gtespark.eval;

/**
 * L2 normalisation of embedding vectors, so that a dot product is the cosine similarity. A zero vector stays
 * zero (cosine 0 with everything).
 */
public final class UnitVectors {

    private UnitVectors() {}

    /** Scales each row of {@code vectors} to unit length, in place, and returns it. */
    public static float[][] normalizeRows(float[][] vectors) {
        for (float[] v : vectors) {
            double norm = 0;
            for (float x : v) {
                norm += (double) x * x;
            }
            if (norm > 0) {
                float scale = (float) (1.0 / Math.sqrt(norm));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= scale;
                }
            }
        }
        return vectors;
    }

    /** The cosine similarity of two vectors (0 if either is zero), computed in double precision. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
