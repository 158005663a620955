package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The per-row partition function of a block of rows whose logits are split over several matrices (the terms of
 * Z_i), computed stably as log-sum-exp from the row maximum. Excluded logits are {@code -Infinity} and contribute
 * nothing.
 */
final class LogSumExpRows {
    private LogSumExpRows() {}

    /**
     * Replaces every block, in place, by its softmax probabilities exp(l - lse_i) (normalised jointly over all
     * blocks of a row) and returns sum_i (lse_i - positive_i).
     *
     * @param positives {@code [b, 1]} the numerator logit of each row
     * @param blocks    {@code [b, *]} logit blocks; every row must have at least one finite logit
     */
    static double softmaxInPlace(INDArray positives, INDArray... blocks) {
        long b = positives.rows();
        INDArray max = null;
        for (INDArray block : blocks) {
            INDArray blockMax = block.max(1).reshape(b, 1);
            if (max == null) {
                max = blockMax;
            } else {
                Transforms.max(max, blockMax, false);
                BatchEmbeddings.free(blockMax);
            }
        }
        INDArray sum = max.mul(0.0);
        for (INDArray block : blocks) {
            block.subiColumnVector(max);
            Transforms.exp(block, false);
            INDArray rowSums = block.sum(1).reshape(b, 1);
            sum.addi(rowSums);
            BatchEmbeddings.free(rowSums);
        }
        INDArray lse = Transforms.log(sum, true).addi(max);
        for (INDArray block : blocks) {
            block.diviColumnVector(sum);
        }
        double total = lse.subi(positives).sumNumber().doubleValue();
        BatchEmbeddings.free(max, sum, lse);
        return total;
    }
}
