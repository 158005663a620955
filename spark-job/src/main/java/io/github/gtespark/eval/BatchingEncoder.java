package io.github.gtespark.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Feeds a {@link SentenceEncoder} in batches of at most {@code batchSize} texts, longest texts first (so that
 * each batch holds texts of similar length and padding is small; the longest batch also comes first, so an
 * out-of-memory shows at once), reports progress, and returns the vectors in input order.
 */
public final class BatchingEncoder {

    private final SentenceEncoder encoder;
    private final int batchSize;
    private final EncodingProgress progress;

    public BatchingEncoder(SentenceEncoder encoder, int batchSize, EncodingProgress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /** Vectors of {@code texts} in input order; {@code label} names the run in progress lines. */
    public float[][] encode(List<String> texts, boolean isQuery, String label) {
        int n = texts.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed());
        float[][] vectors = new float[n][];
        progress.start(label, n);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<String> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(texts.get(order[k]));
            }
            float[][] encoded = encoder.encode(batch, isQuery);
            if (encoded.length != batch.size()) {
                throw new IllegalStateException(
                        "encoder returned " + encoded.length + " vectors for " + batch.size() + " texts");
            }
            for (int k = from; k < to; k++) {
                vectors[order[k]] = encoded[k - from];
            }
            progress.advance(to);
        }
        if (n == 0) {
            progress.advance(0);
        }
        return vectors;
    }
}
