package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * One-directional InfoNCE (query -> document) with in-batch and hard negatives: the loss of sentence-transformers'
 * {@code MultipleNegativesRankingLoss}.
 *
 * <pre>
 *   L   = -1/n sum_i log( exp(s(q_i, d_i)) / Z_i ),   s(a, b) = cos(a, b) / tau
 *   Z_i = sum_j exp(s(q_i, D_j))                        over the document pool D = {d_1..d_n} + all hard negatives
 * </pre>
 *
 * Texts equal to one of pair i's texts (see {@link DuplicateMask}) are removed from Z_i except d_i itself; absent
 * negative slots are removed. Default tau = 0.05 (sentence-transformers' scale 20). Stable log-sum-exp, analytic
 * gradients through the L2 normalisation.
 *
 * <p>References: van den Oord et al. 2018, "Representation Learning with Contrastive Predictive Coding";
 * Henderson et al. 2017, "Efficient Natural Language Response Suggestion for Smart Reply";
 * sentence-transformers {@code losses/MultipleNegativesRankingLoss.py}.
 */
public final class InfoNceLoss extends TemperatureScaledLoss {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_TEMPERATURE = 0.05;

    public InfoNceLoss() {
        this(DEFAULT_TEMPERATURE);
    }

    @JsonCreator
    public InfoNceLoss(@JsonProperty("temperature") double temperature) {
        super(temperature);
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        BatchEmbeddings e = new BatchEmbeddings(queries, docs, negatives, mask);
        int n = e.n;
        double scale = 1.0 / (n * temperature);
        int block = e.rowsPerBlock(n + e.m);
        double total = 0;
        INDArray qdBuffer = e.blockBuffer(block, e.docPool.rows());
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            INDArray qb = e.rows(e.q, r0, r1);
            INDArray qd = BatchEmbeddings.logits(qb, e.docPool, qdBuffer, 1.0 / temperature);
            INDArray positive = e.diagonal(qd, r0);
            e.excludeAbsentNegatives(qd);
            for (int i = r0; i < r1; i++) {
                for (int j : mask.docsSharingTextWith(i)) {
                    if (j != i) {
                        BatchEmbeddings.exclude(qd, i - r0, j);
                    }
                }
                for (int r : mask.negativesSharingTextWith(i)) {
                    BatchEmbeddings.exclude(qd, i - r0, n + r);
                }
            }
            total += LogSumExpRows.softmaxInPlace(positive, qd);
            for (int i = r0; i < r1; i++) {
                qd.putScalar(i - r0, i, qd.getDouble(i - r0, i) - 1.0);
            }
            qd.muli(scale);
            BatchEmbeddings.accumulate(qd, e.docPool, false, e.rows(e.gradQ, r0, r1));
            BatchEmbeddings.accumulate(qd, qb, true, e.gradDocPool);
            BatchEmbeddings.free(positive);
        }
        BatchEmbeddings.free(qdBuffer);
        return e.result(total / n);
    }

    @Override
    public String label() {
        return "infonce";
    }

    @Override
    public String toString() {
        return "InfoNceLoss(tau=" + temperature + ")";
    }
}
