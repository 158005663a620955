package io.github.gtespark.train.data;

import java.io.Serializable;

/**
 * How long the padded id and mask arrays of a training batch are ({@code train.dynamic-padding},
 * {@code train.pad-to-multiple-of}, {@code train.max-length}).
 *
 * <p>Fixed: every array has the stage's max length L. Dynamic: each input of a batch (queries, positive documents,
 * hard negatives: they are encoded in separate chunks, never in one array) is padded to the longest sequence of that
 * input in the batch, rounded up to a multiple of {@code multipleOf} and never above L, as sentence-transformers and
 * Hugging Face's {@code DataCollatorWithPadding(pad_to_multiple_of=...)} pad. With the attention mask the pooled
 * embeddings, the loss and the gradients do not depend on the padded length beyond float rounding (padded keys get
 * softmax weight exactly 0, padded rows pooling weight 0); the dropout masks of training mode are drawn for the
 * padded shape, so with dropout on, a dynamically padded batch draws other (equally distributed) masks than the same
 * batch padded to L.
 *
 * @param maxLength  L, the longest sequence allowed (and the fixed length)
 * @param dynamic    pad each input of a batch to its longest sequence instead of to L
 * @param multipleOf round dynamic lengths up to a multiple of this (1: no rounding)
 */
public record SequencePadding(int maxLength, boolean dynamic, int multipleOf) implements Serializable {

    public SequencePadding {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("max length must be positive, got " + maxLength);
        }
        if (multipleOf < 1) {
            throw new IllegalArgumentException("pad-to-multiple-of must be >= 1, got " + multipleOf);
        }
    }

    /** Every batch padded to {@code maxLength} (the behaviour before dynamic padding). */
    public static SequencePadding fixed(int maxLength) {
        return new SequencePadding(maxLength, false, 1);
    }

    /** Each input of a batch padded to its longest sequence, rounded up to a multiple of {@code multipleOf}. */
    public static SequencePadding dynamic(int maxLength, int multipleOf) {
        return new SequencePadding(maxLength, true, multipleOf);
    }

    /** The padded length of an input whose longest sequence has {@code longest} tokens ({@code 1..maxLength}). */
    public int lengthFor(int longest) {
        if (longest < 1 || longest > maxLength) {
            throw new IllegalArgumentException("longest sequence " + longest + " outside 1.." + maxLength);
        }
        if (!dynamic) {
            return maxLength;
        }
        long rounded = ((long) longest + multipleOf - 1) / multipleOf * multipleOf;
        return (int) Math.min(rounded, maxLength);
    }
}
