package io.github.gtespark.loss;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * A batch-level contrastive loss over pooled (not yet normalised) sentence embeddings, with analytic gradients.
 *
 * <p>Inputs: {@code queries} {@code [n, h]} (row i = q_i), {@code docs} {@code [n, h]} (row i = d_i, the positive
 * document of q_i), optional {@code negatives} {@code [n*k, h]} (row {@code i*k + j} = j-th hard negative of pair i;
 * {@code null} when the batch has none) and a {@link DuplicateMask} built from the text hashes of the batch. Every
 * implementation computes cosine similarities internally (the rows are L2-normalised inside the loss, so the returned
 * gradients include the derivative of the normalisation) and returns the mean loss over the n pairs together with
 * dL/dqueries, dL/ddocs and dL/dnegatives. Float and double inputs are both supported; all three arrays must share
 * one data type, and the result has that type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface ContrastiveLoss extends Serializable {

    /**
     * @param queries   {@code [n, h]} pooled query embeddings
     * @param docs      {@code [n, h]} pooled positive-document embeddings
     * @param negatives {@code [n*k, h]} pooled hard-negative embeddings, or {@code null} (then {@code mask.negativesPerPair()} must be 0)
     * @param mask      duplicate texts and absent negatives of this batch
     * @return the mean loss and its gradients with respect to the three inputs
     */
    LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask);

    /**
     * Whether the loss needs the gold score of every pair ({@link DuplicateMask#score(int)}, a corpus prepared with
     * {@code #score=COLUMN}); the training job refuses such a loss on shards without scores before it starts.
     */
    default boolean needsScores() {
        return false;
    }

    /** The temperature tau of s(a, b) = cos(a, b) / tau. */
    double temperature();

    /**
     * A short name of the loss and its options, as written in every {@code train} line of {@code metrics.jsonl}
     * ({@code loss_function}), e.g. {@code improved(qq,dq,dd)}; starts with the {@link LossRegistry} name.
     */
    default String label() {
        return toString();
    }
}
