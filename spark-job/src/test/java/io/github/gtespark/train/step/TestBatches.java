package io.github.gtespark.train.step;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random token batches in the training batch layout (variable lengths, padded with 0, masks, text hashes). */
final class TestBatches {
    private TestBatches() {}

    /**
     * n pairs, k negatives per pair, sequence length L; negative slot 1 of pair 0 is absent when k > 1; pair 2
     * repeats the query text of pair 0 (same tokens, same hash) when n > 2.
     */
    static ContrastiveBatch random(long seed, int n, int k, int seqLen, int vocab) {
        Random random = new Random(seed);
        INDArray[] q = tokens(random, n, seqLen, vocab);
        INDArray[] d = tokens(random, n, seqLen, vocab);
        INDArray hashes = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n, 2 + k);
        for (int i = 0; i < n; i++) {
            hashes.putScalar(i, 0, 1_000_000L + i);
            hashes.putScalar(i, 1, 2_000_000L + i);
            for (int j = 0; j < k; j++) {
                hashes.putScalar(i, 2 + j, 3_000_000L + i * k + j);
            }
        }
        if (n > 2) {
            q[0].getRow(2).assign(q[0].getRow(0));
            q[1].getRow(2).assign(q[1].getRow(0));
            hashes.putScalar(2, 0, hashes.getDouble(0, 0));
        }
        if (k == 0) {
            return new ContrastiveBatch(q[0], q[1], d[0], d[1], null, null, hashes);
        }
        INDArray[] neg = tokens(random, n * k, seqLen, vocab);
        if (k > 1) {
            neg[0].getRow(1).assign(0);
            neg[1].getRow(1).assign(0);
        }
        return new ContrastiveBatch(q[0], q[1], d[0], d[1], neg[0], neg[1], hashes);
    }

    /** {@link #random} with a gold score per pair, uniform on the grid 0, 0.5, .., 5 (so that some tie). */
    static ContrastiveBatch scored(long seed, int n, int k, int seqLen, int vocab) {
        ContrastiveBatch b = random(seed, n, k, seqLen, vocab);
        Random random = new Random(seed + 1);
        double[][] scores = new double[n][1];
        for (double[] row : scores) {
            row[0] = random.nextInt(11) * 0.5;
        }
        return new ContrastiveBatch(
                b.queryIds(),
                b.queryMask(),
                b.docIds(),
                b.docMask(),
                b.negativeIds(),
                b.negativeMask(),
                b.hashes(),
                Nd4j.createFromArray(scores));
    }

    /** ids and mask, rows of random length 2..L, token ids 1..vocab-1, padding 0. */
    private static INDArray[] tokens(Random random, int rows, int seqLen, int vocab) {
        double[][] ids = new double[rows][seqLen];
        double[][] mask = new double[rows][seqLen];
        for (int r = 0; r < rows; r++) {
            int len = 2 + random.nextInt(seqLen - 1);
            for (int t = 0; t < len; t++) {
                ids[r][t] = 1 + random.nextInt(vocab - 1);
                mask[r][t] = 1;
            }
        }
        return new INDArray[] {Nd4j.createFromArray(ids), Nd4j.createFromArray(mask)};
    }
}
