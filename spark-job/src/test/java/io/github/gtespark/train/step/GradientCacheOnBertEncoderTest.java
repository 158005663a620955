package io.github.gtespark.train.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradient caching on a tiny real BERT encoder (2 layers, hidden 16) from {@link BertEncoderFactory}, in double. */
class GradientCacheOnBertEncoderTest {
    static final int L = 8;

    static ComputationGraph encoder(double dropout, long seed) {
        BertConfig config = BertConfig.of(2, 16, 2, 32, TinyEncoder.VOCAB, 16).withDropout(dropout, dropout);
        return BertEncoderFactory.build(config, L, DataType.DOUBLE, seed);
    }

    @Test
    void cachedGradientEqualsFullBatchGradient() {
        ComputationGraph graph = encoder(0.0, 3);
        ContrastiveBatch batch = TestBatches.random(7, 7, 1, L, TinyEncoder.VOCAB);
        ContrastiveLoss loss = new ImprovedContrastiveLoss(0.05, false);
        FullBatchReference.Result full = FullBatchReference.compute(graph, batch, loss);
        for (int chunk : new int[] {3, 5}) {
            GradientCache.Result cached = new GradientCache(loss, chunk, 1).lossAndGradient(graph, batch, 0);
            double rel = GradientCachedTrainingStepTest.relativeError(full.gradient(), cached.gradient());
            System.out.printf("BERT 2x16, chunk %d: max relative gradient difference %.3e%n", chunk, rel);
            assertEquals(full.loss(), cached.loss(), 1e-12);
            assertTrue(rel < 1e-6, "chunk " + chunk + ": " + rel);
        }
    }

    @Test
    void dropoutIsReplayedInTheEncoder() {
        ComputationGraph graph = encoder(0.1, 4);
        ContrastiveBatch batch = TestBatches.random(8, 6, 0, L, TinyEncoder.VOCAB);
        GradientCache cache = new GradientCache(new ImprovedContrastiveLoss(0.05, false), 4, 17);
        INDArray train = cache.embed(graph, batch, 2).queries();
        INDArray inference =
                graph.output(false, new INDArray[] {batch.queryIds()}, new INDArray[] {batch.queryMask()}, null)[0];
        assertTrue(train.sub(inference).amaxNumber().doubleValue() > 1e-4, "dropout should be active");
        GradientCache.Result cached = cache.lossAndGradient(graph, batch, 2);
        INDArray params = graph.params();
        double scale = cached.gradient().amaxNumber().doubleValue();
        java.util.Random pick = new java.util.Random(3);
        double worst = 0;
        for (int t = 0; t < 8; t++) {
            long p = pick.nextInt((int) params.length());
            double keep = params.getDouble(p);
            params.putScalar(p, keep + 1e-6);
            double plus = lossAt(cache, graph, batch);
            params.putScalar(p, keep - 1e-6);
            double minus = lossAt(cache, graph, batch);
            params.putScalar(p, keep);
            double numeric = (plus - minus) / 2e-6;
            double analytic = cached.gradient().getDouble(p);
            worst = Math.max(worst, Math.abs(numeric - analytic) / scale);
            assertTrue(
                    Math.abs(numeric - analytic) <= 1e-6 * scale,
                    "param " + p + ": cached " + analytic + " FD " + numeric);
        }
        System.out.printf("BERT 2x16 dropout 0.1: max |cached - FD| / max|grad| = %.3e%n", worst);
    }

    private static double lossAt(GradientCache cache, ComputationGraph graph, ContrastiveBatch batch) {
        GradientCache.Embeddings e = cache.embed(graph, batch, 2);
        return cache.loss()
                .compute(e.queries(), e.docs(), e.negatives(), batch.duplicateMask())
                .loss();
    }
}
