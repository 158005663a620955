package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * CoSENT, a ranking loss for scored (graded) pairs: every in-batch pair of higher gold score should have a higher
 * cosine than every pair of lower score. The loss of sentence-transformers' {@code CoSENTLoss}.
 *
 * <p>Inputs: queries q_i and positive documents d_i ({@code [n, h]}, pooled, not normalised) and the gold score y_i of
 * each pair, carried by the batch's {@link DuplicateMask} ({@link DuplicateMask#score(int)}; a corpus prepared with
 * {@code #score=COLUMN}, e.g. STS Benchmark's 0..5). Hard negatives and the duplicate hashes take no part (the
 * negatives get a zero gradient): the loss compares the pairs only with each other.
 *
 * <pre>
 *   L = log( 1 + sum_{(i, j): y_i > y_j} exp( (cos(q_j, d_j) - cos(q_i, d_i)) / tau ) )
 * </pre>
 *
 * Pairs of equal score are not compared; a batch whose scores are all equal has L = log 1 = 0 and no gradient. L is
 * one term per batch, <em>not</em> divided by n (as in sentence-transformers, where {@code scale} = 1/tau, default
 * 20 = tau 0.05). Computed stably (log-sum-exp with the zero term e^0 = 1 included), in double whatever the input
 * type; analytic gradients through the L2 normalisation: with w_ij = exp(...) / (1 + sum), dL/dcos_j += w_ij / tau
 * and dL/dcos_i -= w_ij / tau. O(n^2) time over the pairs of pairs, O(n) memory beyond the embeddings.
 *
 * <p>References: Su 2022, "CoSENT: a more efficient sentence vector scheme than Sentence-BERT"
 * (https://kexue.fm/archives/8847); Huang et al. 2024, "CoSENT: Consistent Sentence Embedding via Similarity
 * Ranking", IEEE/ACM TASLP; sentence-transformers 6
 * {@code sentence_transformer/losses/cosent.py} ({@code compute_loss_from_embeddings}).
 */
public final class CoSentLoss extends TemperatureScaledLoss {
    private static final long serialVersionUID = 1L;
    /** sentence-transformers' CoSENTLoss scale 20. */
    public static final double DEFAULT_TEMPERATURE = 0.05;

    public CoSentLoss() {
        this(DEFAULT_TEMPERATURE);
    }

    @JsonCreator
    public CoSentLoss(@JsonProperty("temperature") double temperature) {
        super(temperature);
    }

    @Override
    public boolean needsScores() {
        return true;
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        if (mask != null && !mask.hasScores()) {
            throw new IllegalArgumentException("the cosent loss needs the gold score of every pair, and this batch "
                    + "has none (prepare the corpus with a score column: #score=COLUMN)");
        }
        BatchEmbeddings e = new BatchEmbeddings(queries, docs, negatives, mask);
        int n = e.n;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = mask.score(i);
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " of the batch has no finite score: " + y[i]);
            }
        }
        INDArray products = e.q.mul(e.positives);
        INDArray sums = products.sum(1);
        double[] cos = sums.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        BatchEmbeddings.free(products, sums);
        double invTau = 1.0 / temperature;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = cos[i] * invTau;
        }
        // log(1 + sum exp(s_j - s_i)) from the largest exponent, the zero term included
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] > y[j]) {
                    max = Math.max(max, s[j] - s[i]);
                }
            }
        }
        double sum = Math.exp(-max);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] > y[j]) {
                    sum += Math.exp(s[j] - s[i] - max);
                }
            }
        }
        double loss = max + Math.log(sum);
        double[] dCos = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] > y[j]) {
                    double w = Math.exp(s[j] - s[i] - max) / sum * invTau;
                    dCos[j] += w;
                    dCos[i] -= w;
                }
            }
        }
        // cos_i = u_i . v_i of the unit vectors: dL/du_i = dCos_i v_i, dL/dv_i = dCos_i u_i
        INDArray g = Nd4j.createFromArray(dCos).castTo(e.dataType).reshape(n, 1);
        INDArray dq = e.positives.mulColumnVector(g);
        INDArray dd = e.q.mulColumnVector(g);
        e.gradQ.assign(dq);
        e.gradPositives.assign(dd);
        BatchEmbeddings.free(g, dq, dd);
        return e.result(loss);
    }

    @Override
    public String label() {
        return "cosent";
    }

    @Override
    public String toString() {
        return "CoSentLoss(tau=" + temperature + ")";
    }
}
