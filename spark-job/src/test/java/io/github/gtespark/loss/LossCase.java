package io.github.gtespark.loss;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One batch of raw embeddings and text hashes for the loss tests (plain Java arrays, converted on demand). */
final class LossCase {
    final double[][] queries;
    final double[][] docs;
    final double[][] negatives;
    final int k;
    final double[] queryHashes;
    final double[] docHashes;
    final double[] negativeHashes;
    final boolean[] negativePresent;
    /** gold score of each pair (scored corpora, {@link CoSentLoss}), or null */
    double[] scores;

    LossCase(
            double[][] queries,
            double[][] docs,
            double[][] negatives,
            int k,
            double[] queryHashes,
            double[] docHashes,
            double[] negativeHashes,
            boolean[] negativePresent) {
        this.queries = queries;
        this.docs = docs;
        this.negatives = negatives;
        this.k = k;
        this.queryHashes = queryHashes;
        this.docHashes = docHashes;
        this.negativeHashes = negativeHashes;
        this.negativePresent = negativePresent;
    }

    /** Random Gaussian embeddings, all texts distinct, all negatives present. */
    static LossCase random(long seed, int n, int h, int k) {
        Random random = new Random(seed);
        double[] qh = new double[n];
        double[] dh = new double[n];
        double[] nh = new double[n * k];
        boolean[] present = new boolean[n * k];
        for (int i = 0; i < n; i++) {
            qh[i] = 1000 + i;
            dh[i] = 2000 + i;
        }
        for (int r = 0; r < n * k; r++) {
            nh[r] = 3000 + r;
            present[r] = true;
        }
        return new LossCase(
                gaussian(random, n, h), gaussian(random, n, h), gaussian(random, n * k, h), k, qh, dh, nh, present);
    }

    /**
     * Random embeddings with duplicate texts and an absent negative: q_3 = q_1 (same text), d_4 = d_0,
     * q_5 has the text of d_2, negative 1 of pair 2 repeats d_2 (its own positive), negative 0 of pair 3 repeats
     * d_1, and the last negative slot of pair 4 is absent (NaN embedding, as pooling an empty row gives).
     */
    static LossCase withDuplicates(long seed, int h) {
        int n = 6;
        int k = 2;
        LossCase c = random(seed, n, h, k);
        c.queryHashes[3] = c.queryHashes[1];
        c.queries[3] = c.queries[1].clone();
        c.docHashes[4] = c.docHashes[0];
        c.docs[4] = c.docs[0].clone();
        c.queryHashes[5] = c.docHashes[2];
        c.negativeHashes[2 * k + 1] = c.docHashes[2];
        c.negativeHashes[3 * k] = c.docHashes[1];
        c.negativePresent[4 * k + 1] = false;
        java.util.Arrays.fill(c.negatives[4 * k + 1], Double.NaN);
        return c;
    }

    int pairs() {
        return queries.length;
    }

    DuplicateMask mask() {
        return DuplicateMask.of(queryHashes, docHashes, negativeHashes, negativePresent, k)
                .withScores(scores);
    }

    /** This case with gold scores: uniform in [0, 5] rounded to {@code step} (so that some scores tie). */
    LossCase withScores(long seed, double step) {
        Random random = new Random(seed);
        scores = new double[pairs()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.round(5 * random.nextDouble() / step) * step;
        }
        return this;
    }

    INDArray queriesArray(DataType type) {
        return Nd4j.createFromArray(queries).castTo(type);
    }

    INDArray docsArray(DataType type) {
        return Nd4j.createFromArray(docs).castTo(type);
    }

    INDArray negativesArray(DataType type) {
        return k == 0 ? null : Nd4j.createFromArray(negatives).castTo(type);
    }

    LossAndGradients computeWith(ContrastiveLoss loss, DataType type) {
        return loss.compute(queriesArray(type), docsArray(type), negativesArray(type), mask());
    }

    static double[][] gaussian(Random random, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return out;
    }
}
