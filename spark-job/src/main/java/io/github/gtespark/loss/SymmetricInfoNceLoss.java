package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Symmetric InfoNCE: the mean of the query -> document and the document -> query InfoNCE losses, as in
 * sentence-transformers' {@code MultipleNegativesSymmetricRankingLoss} (and CLIP).
 *
 * <pre>
 *   L      = (L_qd + L_dq) / 2,                                   s(a, b) = cos(a, b) / tau
 *   L_qd   = -1/n sum_i log( exp(s(q_i, d_i)) / sum_j exp(s(q_i, D_j)) )   D = {d_1..d_n} + all hard negatives
 *   L_dq   = -1/n sum_i log( exp(s(q_i, d_i)) / sum_j exp(s(q_j, d_i)) )   over the n queries
 * </pre>
 *
 * Hard negatives enter only L_qd (they have no query to be an anchor of L_dq). Texts equal to one of pair i's texts
 * (see {@link DuplicateMask}) are removed from both sums of row i except the positive; absent negatives are removed.
 * Default tau = 0.05. Stable log-sum-exp, analytic gradients through the L2 normalisation.
 *
 * <p>References: Radford et al. 2021 (CLIP), sentence-transformers
 * {@code losses/MultipleNegativesSymmetricRankingLoss.py}.
 */
public final class SymmetricInfoNceLoss extends TemperatureScaledLoss {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_TEMPERATURE = 0.05;

    public SymmetricInfoNceLoss() {
        this(DEFAULT_TEMPERATURE);
    }

    @JsonCreator
    public SymmetricInfoNceLoss(@JsonProperty("temperature") double temperature) {
        super(temperature);
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        BatchEmbeddings e = new BatchEmbeddings(queries, docs, negatives, mask);
        int n = e.n;
        double invTau = 1.0 / temperature;
        double scale = 0.5 / (n * temperature);
        int block = e.rowsPerBlock(2L * n + e.m);
        double totalQd = 0;
        double totalDq = 0;
        INDArray qdBuffer = e.blockBuffer(block, e.docPool.rows());
        INDArray dqBuffer = e.blockBuffer(block, n);
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            INDArray qb = e.rows(e.q, r0, r1);
            INDArray db = e.rows(e.positives, r0, r1);
            INDArray qd = BatchEmbeddings.logits(qb, e.docPool, qdBuffer, invTau); // s(q_i, D_j)
            INDArray dq = BatchEmbeddings.logits(db, e.q, dqBuffer, invTau); // s(q_j, d_i)
            INDArray positive = e.diagonal(qd, r0);
            e.excludeAbsentNegatives(qd);
            for (int i = r0; i < r1; i++) {
                int row = i - r0;
                for (int j : mask.docsSharingTextWith(i)) {
                    if (j != i) {
                        BatchEmbeddings.exclude(qd, row, j);
                    }
                }
                for (int r : mask.negativesSharingTextWith(i)) {
                    BatchEmbeddings.exclude(qd, row, n + r);
                }
                for (int j : mask.queriesSharingTextWith(i)) {
                    if (j != i) {
                        BatchEmbeddings.exclude(dq, row, j);
                    }
                }
            }
            totalQd += LogSumExpRows.softmaxInPlace(positive, qd);
            totalDq += LogSumExpRows.softmaxInPlace(positive, dq);
            for (int i = r0; i < r1; i++) {
                qd.putScalar(i - r0, i, qd.getDouble(i - r0, i) - 1.0);
                dq.putScalar(i - r0, i, dq.getDouble(i - r0, i) - 1.0);
            }
            qd.muli(scale);
            dq.muli(scale);
            BatchEmbeddings.accumulate(qd, e.docPool, false, e.rows(e.gradQ, r0, r1));
            BatchEmbeddings.accumulate(qd, qb, true, e.gradDocPool);
            BatchEmbeddings.accumulate(dq, e.q, false, e.rows(e.gradPositives, r0, r1));
            BatchEmbeddings.accumulate(dq, db, true, e.gradQ);
            BatchEmbeddings.free(positive);
        }
        BatchEmbeddings.free(qdBuffer, dqBuffer);
        return e.result(0.5 * (totalQd + totalDq) / n);
    }

    @Override
    public String label() {
        return "symmetric-infonce";
    }

    @Override
    public String toString() {
        return "SymmetricInfoNceLoss(tau=" + temperature + ")";
    }
}
