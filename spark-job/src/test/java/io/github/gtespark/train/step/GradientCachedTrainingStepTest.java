package io.github.gtespark.train.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.loss.CoSentLoss;
import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.ContrastiveLossFunction;
import io.github.gtespark.loss.ImprovedContrastiveLoss;
import io.github.gtespark.loss.InfoNceLoss;
import io.github.gtespark.loss.MatryoshkaLoss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient caching against full-batch passes and DL4J's own fit, dropout replay, clipping, exact resume (double). */
class GradientCachedTrainingStepTest {
    static final int HIDDEN = 8;
    static final int L = 6;

    static double relativeError(INDArray expected, INDArray actual) {
        return expected.sub(actual).amaxNumber().doubleValue()
                / expected.amaxNumber().doubleValue();
    }

    @Test
    void cachedGradientEqualsFullBatchGradientForEveryChunkSize() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.0, null, 7);
        ContrastiveBatch batch = TestBatches.random(1, 10, 2, L, TinyEncoder.VOCAB);
        ContrastiveLoss loss = new ImprovedContrastiveLoss(0.05, false);
        FullBatchReference.Result full = FullBatchReference.compute(graph, batch, loss);
        assertTrue(full.gradient().amaxNumber().doubleValue() > 0);
        for (int chunk : new int[] {1, 3, 4, 5, 64}) {
            GradientCache.Result cached = new GradientCache(loss, chunk, 42).lossAndGradient(graph, batch, 3);
            double rel = relativeError(full.gradient(), cached.gradient());
            System.out.printf(
                    "chunk %d: loss %.12f vs %.12f, max relative gradient difference %.3e%n",
                    chunk, cached.loss(), full.loss(), rel);
            assertEquals(full.loss(), cached.loss(), 1e-12);
            assertTrue(rel < 1e-6, "chunk " + chunk + ": relative difference " + rel);
        }
    }

    /**
     * The loss options inside gradient caching (improved's term switches, Matryoshka: one backward pass per chunk of the
     * summed, zero-padded per-dimension gradient): cached = one full-batch pass.
     */
    @Test
    void cachedGradientEqualsFullBatchGradientForLossOptions() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.0, null, 9);
        ContrastiveBatch batch = TestBatches.random(4, 9, 2, L, TinyEncoder.VOCAB);
        ContrastiveLoss[] losses = {
            new ImprovedContrastiveLoss(0.05, true, false, true, true),
            new ImprovedContrastiveLoss(0.05, true, true, false, false),
            new MatryoshkaLoss(
                    new ImprovedContrastiveLoss(0.05, true), new int[] {HIDDEN, 5, 2}, new double[] {1, 0.5, 2})
        };
        for (ContrastiveLoss loss : losses) {
            FullBatchReference.Result full = FullBatchReference.compute(graph, batch, loss);
            GradientCache.Result cached = new GradientCache(loss, 4, 42).lossAndGradient(graph, batch, 3);
            double rel = relativeError(full.gradient(), cached.gradient());
            System.out.printf(
                    "%s: loss %.12f vs %.12f, max relative gradient difference %.3e%n",
                    loss.label(), cached.loss(), full.loss(), rel);
            assertEquals(full.loss(), cached.loss(), 1e-12);
            assertTrue(rel < 1e-6, loss.label() + ": relative difference " + rel);
        }
    }

    /**
     * CoSENT inside gradient caching: the pair scores ride with the batch (labels[1]) to the loss; cached = one
     * full-batch pass, alone and inside Matryoshka, and through the MultiDataSet layout and back.
     */
    @Test
    void cachedGradientEqualsFullBatchGradientForCoSent() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.0, null, 10);
        ContrastiveBatch batch = ContrastiveBatch.fromMultiDataSet(
                TestBatches.scored(5, 11, 1, L, TinyEncoder.VOCAB).toMultiDataSet());
        assertEquals(11, batch.scores().length());
        ContrastiveLoss[] losses = {
            new CoSentLoss(0.05), new MatryoshkaLoss(new CoSentLoss(0.05), new int[] {HIDDEN, 3}, null)
        };
        for (ContrastiveLoss loss : losses) {
            FullBatchReference.Result full = FullBatchReference.compute(graph, batch, loss);
            assertTrue(full.loss() > 0.1 && full.gradient().amaxNumber().doubleValue() > 0, loss.label());
            for (int chunk : new int[] {1, 4, 64}) {
                GradientCache.Result cached = new GradientCache(loss, chunk, 42).lossAndGradient(graph, batch, 3);
                double rel = relativeError(full.gradient(), cached.gradient());
                System.out.printf(
                        "%s chunk %d: loss %.12f vs %.12f, max relative gradient difference %.3e%n",
                        loss.label(), chunk, cached.loss(), full.loss(), rel);
                assertEquals(full.loss(), cached.loss(), 1e-12);
                assertTrue(rel < 1e-6, loss.label() + " chunk " + chunk + ": relative difference " + rel);
            }
        }
        ContrastiveBatch unscored = TestBatches.random(5, 11, 1, L, TinyEncoder.VOCAB);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new GradientCache(new CoSentLoss(), 4, 42).lossAndGradient(graph, unscored, 3));
        assertTrue(e.getMessage().contains("gold score"), e.getMessage());
    }

    @Test
    void dropoutMasksAreReplayedSoTheCachedGradientIsTheExactGradient() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.1, null, 8);
        ContrastiveBatch batch = TestBatches.random(2, 7, 1, L, TinyEncoder.VOCAB);
        ContrastiveLoss loss = new InfoNceLoss(0.05);
        GradientCache cache = new GradientCache(loss, 3, 99);
        long step = 12;
        // dropout is active: the cached forward differs from the inference forward
        INDArray train = cache.embed(graph, batch, step).queries();
        INDArray inference =
                graph.output(false, new INDArray[] {batch.queryIds()}, new INDArray[] {batch.queryMask()}, null)[0];
        assertTrue(train.sub(inference).amaxNumber().doubleValue() > 1e-3, "dropout should change the embeddings");
        assertEquals(train, cache.embed(graph, batch, step).queries(), "same (seed, step) -> same masks");
        assertFalse(
                train.equalsWithEps(cache.embed(graph, batch, step + 1).queries(), 1e-9),
                "another step -> other masks");

        GradientCache.Result cached = cache.lossAndGradient(graph, batch, step);
        // central differences of F(theta) = loss(embeddings of pass 1 with the chunk seeds of this step)
        INDArray params = graph.params();
        java.util.Random pick = new java.util.Random(5);
        double worst = 0;
        double scale = cached.gradient().amaxNumber().doubleValue();
        int checked = 0;
        for (int t = 0; t < 16; t++) {
            long p = pick.nextInt((int) params.length());
            double analytic = cached.gradient().getDouble(p);
            double keep = params.getDouble(p);
            double h = 1e-6;
            params.putScalar(p, keep + h);
            double plus = lossAt(cache, graph, batch, step);
            params.putScalar(p, keep - h);
            double minus = lossAt(cache, graph, batch, step);
            params.putScalar(p, keep);
            double numeric = (plus - minus) / (2 * h);
            worst = Math.max(worst, Math.abs(analytic - numeric) / scale);
            if (analytic != 0) {
                checked++;
            }
            assertTrue(
                    Math.abs(analytic - numeric) <= 1e-6 * scale,
                    "param " + p + ": cached " + analytic + " finite difference " + numeric);
        }
        assertTrue(checked > 8, "too few non-zero gradient entries sampled: " + checked);
        System.out.printf("dropout 0.1, chunk 3: max |cached - FD| / max|grad| over 16 params = %.3e%n", worst);
    }

    private static double lossAt(GradientCache cache, ComputationGraph graph, ContrastiveBatch batch, long step) {
        GradientCache.Embeddings e = cache.embed(graph, batch, step);
        return cache.loss()
                .compute(e.queries(), e.docs(), e.negatives(), batch.duplicateMask())
                .loss();
    }

    @Test
    void differentChunkSeedsGiveDifferentDropoutMasks() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.1, null, 9);
        ContrastiveBatch batch = TestBatches.random(3, 4, 0, L, TinyEncoder.VOCAB);
        INDArray[] in = {batch.queryIds()};
        INDArray[] mask = {batch.queryMask()};
        Nd4j.getRandom().setSeed(GradientCache.chunkSeed(1, 0, 0));
        INDArray a = graph.output(true, in, mask, null)[0];
        Nd4j.getRandom().setSeed(GradientCache.chunkSeed(1, 0, 1));
        INDArray b = graph.output(true, in, mask, null)[0];
        Nd4j.getRandom().setSeed(GradientCache.chunkSeed(1, 0, 0));
        INDArray c = graph.output(true, in, mask, null)[0];
        assertEquals(a, c);
        assertFalse(a.equalsWithEps(b, 1e-9));
        assertTrue(GradientCache.chunkSeed(1, 0, 0) != GradientCache.chunkSeed(2, 0, 0));
        assertTrue(GradientCache.chunkSeed(1, 1, 0) != GradientCache.chunkSeed(1, 0, 1));
    }

    @Test
    void oneStepEqualsDl4jFitOnTheFullBatch() {
        ContrastiveLoss loss = new ImprovedContrastiveLoss(0.05, false);
        WarmupLinearDecaySchedule schedule = new WarmupLinearDecaySchedule(1e-2, 2, 10);
        AdamW adamw = new AdamW(schedule, 0.9, 0.999, 1e-8, 0.05);
        ComputationGraph cached = TinyEncoder.build(HIDDEN, L, 0.0, null, 11);
        ComputationGraph fitted = TinyEncoder.build(HIDDEN, L, 0.0, new ContrastiveLossFunction(loss, 0), 11);
        assertEquals(cached.numParams(), fitted.numParams());
        fitted.setParams(cached.params().dup());
        adamw.configure(cached);
        adamw.configure(fitted);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(loss, 3, 5, 0);
        for (int s = 0; s < 3; s++) {
            ContrastiveBatch batch = TestBatches.random(20 + s, 7, 0, L, TinyEncoder.VOCAB);
            StepResult result = step.apply(cached, batch.toMultiDataSet(), s);
            INDArray features = Nd4j.vstack(batch.queryIds(), batch.docIds());
            INDArray masks = Nd4j.vstack(batch.queryMask(), batch.docMask());
            INDArray labels = Nd4j.vstack(
                    batch.hashes().getColumn(0).reshape(7, 1),
                    batch.hashes().getColumn(1).reshape(7, 1));
            fitted.fit(new DataSet(features, labels, masks, null));
            double rel = relativeError(fitted.params(), cached.params());
            double moved = cached.params().sub(fitted.params()).amaxNumber().doubleValue();
            System.out.printf(
                    "step %d: loss %.10f (fit score %.10f), lr %.5f, grad norm %.4f, max relative parameter difference %.3e%n",
                    s, result.loss(), fitted.score(), result.learningRate(), result.gradientNorm(), rel);
            assertEquals(schedule.at(s), result.learningRate(), 1e-15);
            assertEquals(7, result.pairs());
            assertTrue(rel < 1e-6, "step " + s + ": parameters differ from fit by " + rel + " (abs " + moved + ")");
            assertEquals(s + 1, cached.getConfiguration().getIterationCount());
        }
    }

    @Test
    void clippingScalesTheGradientToTheMaximumGlobalNorm() {
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.0, null, 12); // plain SGD, lr 0.1
        ContrastiveBatch batch = TestBatches.random(4, 6, 2, L, TinyEncoder.VOCAB);
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        INDArray gradient =
                new GradientCache(loss, 4, 1).lossAndGradient(graph, batch, 0).gradient();
        double norm = gradient.norm2Number().doubleValue();
        INDArray before = graph.params().dup();
        StepResult r = new GradientCachedTrainingStep(loss, 4, 1, norm / 4).apply(graph, batch.toMultiDataSet(), 0);
        assertEquals(norm, r.gradientNorm(), 1e-12 * norm);
        INDArray applied = before.sub(graph.params());
        INDArray expected = gradient.mul(0.1 / 4);
        assertTrue(relativeError(expected, applied) < 1e-10, "applied update is not the clipped gradient");
        assertEquals(0.1 * norm / 4, applied.norm2Number().doubleValue(), 1e-9 * norm);
    }

    @Test
    void resumingFromASavedModelRepeatsTheSameUpdatesExactly() throws Exception {
        ContrastiveLoss loss = new ImprovedContrastiveLoss();
        AdamW adamw = AdamW.withDefaults(new WarmupLinearDecaySchedule(1e-3, 1, 100));
        ComputationGraph graph = TinyEncoder.build(HIDDEN, L, 0.1, null, 13);
        adamw.configure(graph);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(loss, 4, 77, 1.0);
        ContrastiveBatch b0 = TestBatches.random(30, 6, 1, L, TinyEncoder.VOCAB);
        ContrastiveBatch b1 = TestBatches.random(31, 6, 1, L, TinyEncoder.VOCAB);
        step.apply(graph, b0.toMultiDataSet(), 0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, saved, true);
        ComputationGraph restored =
                ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(saved.toByteArray()), true);
        Nd4j.getRandom().setSeed(123456); // unrelated RNG state must not matter
        StepResult a = step.apply(graph, b1.toMultiDataSet(), 1);
        StepResult b = new GradientCachedTrainingStep(loss, 4, 77, 1.0).apply(restored, b1.toMultiDataSet(), 1);
        assertEquals(a, b);
        assertArrayEquals(graph.params().toDoubleVector(), restored.params().toDoubleVector());
        assertArrayEquals(
                graph.getUpdater().getStateViewArray().toDoubleVector(),
                restored.getUpdater().getStateViewArray().toDoubleVector());
    }

    @Test
    void batchRoundTripsThroughMultiDataSetAndBadBatchesAreRejected() {
        ContrastiveBatch batch = TestBatches.random(5, 4, 3, L, TinyEncoder.VOCAB);
        ContrastiveBatch back = ContrastiveBatch.fromMultiDataSet(batch.toMultiDataSet());
        assertEquals(batch.queryIds(), back.queryIds());
        assertEquals(batch.negativeMask(), back.negativeMask());
        assertEquals(batch.hashes(), back.hashes());
        assertEquals(3, back.negativesPerPair());
        assertArrayEquals(new int[] {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, back.presentNegativeRows());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContrastiveBatch(
                        batch.queryIds(),
                        batch.queryMask(),
                        batch.docIds(),
                        batch.docMask(),
                        null,
                        null,
                        batch.hashes()));
        assertTrue(e.getMessage().contains("negative hash columns"), e.getMessage());
        INDArray emptyRow = batch.queryMask().dup();
        emptyRow.getRow(1).assign(0);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContrastiveBatch(
                        batch.queryIds(),
                        emptyRow,
                        batch.docIds(),
                        batch.docMask(),
                        batch.negativeIds(),
                        batch.negativeMask(),
                        batch.hashes()));
        assertTrue(e.getMessage().contains("no tokens"), e.getMessage());
        ComputationGraph withLossLayer =
                TinyEncoder.build(HIDDEN, L, 0, new ContrastiveLossFunction(new InfoNceLoss(), 0), 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> new GradientCachedTrainingStep(new InfoNceLoss(), 2, 1, 0)
                        .apply(withLossLayer, batch.toMultiDataSet(), 0));
    }
}
