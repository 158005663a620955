package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Any {@link ContrastiveLoss} with in-batch false negatives of known positives removed: the inner loss computed with
 * {@link DuplicateMask#withKnownPositives()}, so that for pair i the texts of every other pair that shares a text
 * with pair i are excluded from Z_i as well as pair i's own.
 *
 * <p>Inputs and output are those of the inner loss. The case it is for: a corpus where a query has several positives
 * (a question and each of its answers, a title and each of its comments) gives one pair per positive, and a batch
 * that holds two of them, (q, d_1) and (q, d_2), would otherwise use d_2 as a negative of q in pair 1 (and of d_1
 * in the d-d term of the improved loss) though it is known to be relevant to q. With batches of 32 from 1,181
 * Stack Exchange pairs of 3.3 positives per query, 9% of the pairs of a batch meet a sibling. Equal to the inner
 * loss when no two pairs of a batch share a text.
 *
 * <p>References: sentence-transformers {@code BatchSamplers.NO_DUPLICATES} (batches without repeated texts; the
 * same negatives are avoided by sampling instead of masking); GISTEmbed (Solatorio 2024, arXiv:2402.16829) masks
 * in-batch candidates that a guide model judges to be positives, where this mask uses the positives the corpus
 * itself names. Setting: {@code train.mask-known-positives}.
 */
public final class KnownPositivesMaskedLoss implements ContrastiveLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("loss")
    private final ContrastiveLoss loss;

    @JsonCreator
    public KnownPositivesMaskedLoss(@JsonProperty("loss") ContrastiveLoss loss) {
        if (loss == null || loss instanceof KnownPositivesMaskedLoss) {
            throw new IllegalArgumentException("need an inner loss that is not itself a KnownPositivesMaskedLoss");
        }
        this.loss = loss;
    }

    public ContrastiveLoss inner() {
        return loss;
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        return loss.compute(queries, docs, negatives, mask.withKnownPositives());
    }

    @Override
    public boolean needsScores() {
        return loss.needsScores();
    }

    @Override
    public double temperature() {
        return loss.temperature();
    }

    /** The inner label with the mask, e.g. {@code improved(qq,dq,dd) mask-known-positives}. */
    @Override
    public String label() {
        return loss.label() + " mask-known-positives";
    }

    @Override
    public String toString() {
        return "KnownPositivesMaskedLoss(" + loss + ")";
    }
}
