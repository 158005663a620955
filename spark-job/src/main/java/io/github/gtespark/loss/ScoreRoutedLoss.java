package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Two losses in one stage, chosen per batch: a batch that carries gold pair scores ({@link DuplicateMask#hasScores()},
 * a scored source such as STS Benchmark) is trained with the scored loss (e.g. {@link CoSentLoss}); any other batch
 * (unscored pairs: title/body, question/answer, NLI entailments) with the pairs loss (e.g. {@link
 * ImprovedContrastiveLoss}). Multi-task training over a mixed corpus, where every batch comes from one source
 * (prepare-corpus cuts single-source batches, and a batch is scored entirely or not at all).
 *
 * <pre>
 *   L(batch) = L_scored(Q, D, mask)          when the batch carries scores
 *            = L_pairs(Q, D, N, mask)        otherwise
 * </pre>
 *
 * Inputs, outputs and gradients are those of the chosen loss, unchanged (the two are not rescaled against each
 * other: CoSENT is one term per batch, the contrastive losses a mean over its pairs, as in sentence-transformers'
 * multi-dataset training, where each dataset keeps its own loss). Settings: {@code train.loss} (the pairs loss) and
 * {@code train.scored-loss} (the scored one); the mix of batches is the corpus's (source sizes and alpha).
 *
 * <p>Why: fine-tuning a general model on graded STS pairs alone trades its retrieval away (docs/benchmarks.md, "CoSENT
 * on STS Benchmark train"); mixing unscored pairs with an in-batch-negatives loss into the same stage is the usual
 * remedy (sentence-transformers' multi-task examples pair CoSENTLoss or CosineSimilarityLoss on STS with
 * MultipleNegativesRankingLoss on NLI, each dataset with its own loss; Su 2022 for CoSENT).
 */
public final class ScoreRoutedLoss implements ContrastiveLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("pairs")
    private final ContrastiveLoss pairs;

    @JsonProperty("scored")
    private final ContrastiveLoss scored;

    /**
     * @param pairs  the loss of batches without scores; must not itself need scores
     * @param scored the loss of batches with scores
     */
    @JsonCreator
    public ScoreRoutedLoss(
            @JsonProperty("pairs") ContrastiveLoss pairs, @JsonProperty("scored") ContrastiveLoss scored) {
        if (pairs == null || scored == null) {
            throw new IllegalArgumentException("need both losses, got pairs=" + pairs + ", scored=" + scored);
        }
        if (pairs.needsScores()) {
            throw new IllegalArgumentException("the loss of unscored batches cannot need scores: " + pairs.label());
        }
        if (pairs instanceof MatryoshkaLoss || scored instanceof MatryoshkaLoss) {
            throw new IllegalArgumentException("wrap the routed loss in Matryoshka, not its parts");
        }
        this.pairs = pairs;
        this.scored = scored;
    }

    public ContrastiveLoss pairs() {
        return pairs;
    }

    public ContrastiveLoss scored() {
        return scored;
    }

    /** The loss a batch with this mask is trained with. */
    public ContrastiveLoss lossFor(DuplicateMask mask) {
        return mask != null && mask.hasScores() ? scored : pairs;
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        return lossFor(mask).compute(queries, docs, negatives, mask);
    }

    /** False: unscored batches are the pairs loss's; the stage checks that the corpus has at least one scored source. */
    @Override
    public boolean needsScores() {
        return false;
    }

    /** The pairs loss's temperature (both losses are built with {@code train.tau}). */
    @Override
    public double temperature() {
        return pairs.temperature();
    }

    /** e.g. {@code improved(qq,dq,dd)+scored:cosent}. */
    @Override
    public String label() {
        return pairs.label() + "+scored:" + scored.label();
    }

    @Override
    public String toString() {
        return "ScoreRoutedLoss(pairs=" + pairs + ", scored=" + scored + ")";
    }
}
