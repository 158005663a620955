package io.github.gtespark.train.step;

import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.LossAndGradients;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Test oracle: the loss gradient of a whole batch from ONE training-mode forward over all rows
 * [queries; docs; present negatives] and one backward pass (no chunks, no caching). Only meaningful without dropout.
 */
final class FullBatchReference {
    record Result(double loss, INDArray gradient) {}

    private FullBatchReference() {}

    static Result compute(ComputationGraph graph, ContrastiveBatch batch, ContrastiveLoss loss) {
        int n = batch.pairs();
        int k = batch.negativesPerPair();
        int[] present = batch.presentNegativeRows();
        INDArray ids = present.length == 0
                ? Nd4j.vstack(batch.queryIds(), batch.docIds())
                : Nd4j.vstack(
                        batch.queryIds(), batch.docIds(), batch.negativeIds().getRows(present));
        INDArray mask = present.length == 0
                ? Nd4j.vstack(batch.queryMask(), batch.docMask())
                : Nd4j.vstack(
                        batch.queryMask(), batch.docMask(), batch.negativeMask().getRows(present));
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        INDArray out = graph.feedForward(new INDArray[] {ids}, true, false)
                .get(graph.getConfiguration().getNetworkOutputs().get(0));
        INDArray q = out.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
        INDArray d =
                out.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).dup();
        INDArray neg = null;
        if (k > 0) {
            neg = Nd4j.zeros(out.dataType(), (long) n * k, out.columns());
            for (int t = 0; t < present.length; t++) {
                neg.getRow(present[t]).assign(out.getRow(2L * n + t));
            }
        }
        LossAndGradients lg = loss.compute(q, d, neg, batch.duplicateMask());
        INDArray eps = present.length == 0
                ? Nd4j.vstack(lg.dQueries(), lg.dDocs())
                : Nd4j.vstack(lg.dQueries(), lg.dDocs(), lg.dNegatives().getRows(present));
        graph.backpropGradient(eps);
        INDArray gradient = graph.getFlattenedGradients().dup();
        graph.clearLayerMaskArrays();
        graph.clear();
        return new Result(lg.loss(), gradient);
    }
}
