package io.github.gtespark.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertEncoderFactory;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The transformer block keeps the state of a training forward pass for the backward pass on the same input: the
 * gradient with the kept state must equal the gradient with the forward pass recomputed (same dropout masks), the
 * state must be released by the backward pass, and inference must not keep any.
 */
class BertBlockLayerStateReuseTest {

    private static final int L = 6;

    private static ComputationGraph encoder() {
        BertConfig config = BertConfig.of(2, 16, 2, 32, 40, 16).withDropout(0.1, 0.1);
        return BertEncoderFactory.build(config, L, DataType.DOUBLE, 3);
    }

    private static List<BertBlockLayerImpl> blocks(ComputationGraph graph) {
        List<BertBlockLayerImpl> out = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof BertBlockLayerImpl block) {
                out.add(block);
            }
        }
        return out;
    }

    /** One training forward + external-errors backward with ND4J's generator seeded; returns the gradient (copy). */
    private static INDArray gradient(
            ComputationGraph graph, INDArray ids, INDArray mask, INDArray eps, boolean forceRecompute) {
        Nd4j.getRandom().setSeed(11);
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        graph.feedForward(new INDArray[] {ids}, true, false);
        List<BertBlockLayerImpl> blocks = blocks(graph);
        long[] usesBefore = new long[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            usesBefore[i] = blocks.get(i).backwardPassesWithKeptState();
        }
        for (BertBlockLayerImpl block : blocks) {
            assertTrue(block.hasRetainedState(), "a training forward pass keeps the block's state");
            if (forceRecompute) {
                // a different (equal) input array: the backward pass must recompute the forward pass
                block.setInput(block.getInput().dup(), LayerWorkspaceMgr.noWorkspaces());
            }
        }
        graph.backpropGradient(eps);
        for (int i = 0; i < blocks.size(); i++) {
            assertFalse(blocks.get(i).hasRetainedState(), "the backward pass releases the kept state");
            assertEquals(
                    usesBefore[i] + (forceRecompute ? 0 : 1),
                    blocks.get(i).backwardPassesWithKeptState(),
                    forceRecompute ? "a different input must be recomputed" : "the kept state must be used");
        }
        INDArray g = graph.getFlattenedGradients().dup();
        graph.clearLayerMaskArrays();
        graph.clear();
        return g;
    }

    @Test
    void keptStateGivesTheGradientOfTheRecomputedForwardPass() {
        ComputationGraph graph = encoder();
        java.util.Random r = new java.util.Random(5);
        int b = 4;
        INDArray ids = Nd4j.zeros(DataType.DOUBLE, b, L);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, b, L);
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < L; t++) {
                ids.putScalar(i, t, 1 + r.nextInt(39));
            }
        }
        mask.putScalar(1, L - 1, 0.0);
        mask.putScalar(2, L - 1, 0.0);
        mask.putScalar(2, L - 2, 0.0);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, b, 16).subi(0.5);

        INDArray kept = gradient(graph, ids, mask, eps, false);
        INDArray recomputed = gradient(graph, ids, mask, eps, true);
        double scale = recomputed.amaxNumber().doubleValue();
        double diff = kept.sub(recomputed).amaxNumber().doubleValue();
        assertTrue(scale > 0, "the gradient must not be zero");
        assertTrue(
                diff <= 1e-12 * scale,
                "kept-state gradient differs from the recomputed one by " + diff + " (max " + scale + ")");
    }

    @Test
    void keptStateReusesTheArenaAcrossPassesWithTheSameGradient() {
        ComputationGraph graph = encoder();
        int b = 3;
        INDArray ids = Nd4j.rand(DataType.DOUBLE, b, L).muli(38).addi(1);
        Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Floor(ids, ids));
        INDArray mask = Nd4j.ones(DataType.DOUBLE, b, L);
        mask.putScalar(0, L - 1, 0.0);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, b, 16).subi(0.5);

        // the arena is sized before the first pass: every pass runs inside it
        Nd4j.getRandom().setSeed(11);
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        graph.feedForward(new INDArray[] {ids}, true, false);
        for (BertBlockLayerImpl block : blocks(graph)) {
            assertEquals(0, block.stateArena().overflowCount(), "the reserved arena holds the whole first pass");
            assertEquals(
                    block.keptStateElements(b, L, !BertBlockLayerImpl.isPlainCOrder(block.getInput())),
                    block.stateArena().demand(),
                    "the reservation is exactly what the forward pass takes");
        }
        graph.clearLayerMaskArrays();
        graph.clear();
        INDArray first = gradient(graph, ids, mask, eps, false);
        long[] capacities = blocks(graph).stream()
                .mapToLong(block -> block.stateArena().capacity())
                .toArray();
        INDArray second = gradient(graph, ids, mask, eps, false);
        INDArray third = gradient(graph, ids, mask, eps, false);
        for (int i = 0; i < capacities.length; i++) {
            BertBlockLayerImpl block = blocks(graph).get(i);
            assertTrue(block.stateArena().capacity() > 0, "the arena holds the kept state");
            assertEquals(
                    capacities[i] == 0 ? block.stateArena().capacity() : capacities[i],
                    block.stateArena().capacity(),
                    "same shapes: the arena does not grow");
        }
        // while the state is kept, nothing lies outside the arena
        Nd4j.getRandom().setSeed(11);
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        graph.feedForward(new INDArray[] {ids}, true, false);
        for (BertBlockLayerImpl block : blocks(graph)) {
            assertEquals(0, block.stateArena().overflowCount(), "the kept state fits the learned arena");
        }
        graph.clearLayerMaskArrays();
        graph.clear();
        double scale = first.amaxNumber().doubleValue();
        assertTrue(second.sub(first).amaxNumber().doubleValue() <= 1e-12 * scale, "arena pass differs from the first");
        assertTrue(third.sub(first).amaxNumber().doubleValue() <= 1e-12 * scale, "second arena pass differs");

        // a larger batch: a larger arena
        long before = blocks(graph).get(0).stateArena().capacity();
        INDArray ids2 = Nd4j.ones(DataType.DOUBLE, 2 * b, L).muli(5);
        INDArray mask2 = Nd4j.ones(DataType.DOUBLE, 2 * b, L);
        INDArray eps2 = Nd4j.rand(DataType.DOUBLE, 2 * b, 16).subi(0.5);
        INDArray big1 = gradient(graph, ids2, mask2, eps2, false);
        INDArray big2 = gradient(graph, ids2, mask2, eps2, false);
        assertTrue(blocks(graph).get(0).stateArena().capacity() > before, "the arena grows to the larger pass");
        assertTrue(big2.sub(big1).amaxNumber().doubleValue()
                <= 1e-12 * big1.amaxNumber().doubleValue());

        // released between rounds: no memory kept, and the next pass sizes it again with the same gradient
        for (BertBlockLayerImpl block : blocks(graph)) {
            block.releaseWorkingMemory();
            assertEquals(0, block.stateArena().capacity());
        }
        INDArray afterRelease = gradient(graph, ids, mask, eps, false);
        assertTrue(
                afterRelease.sub(first).amaxNumber().doubleValue() <= 1e-12 * scale, "same gradient after a release");
        assertTrue(blocks(graph).get(0).stateArena().capacity() > 0);
    }

    @Test
    void forwardOnlyTrainingKeepsNoStateAndDrawsTheSameDropoutMasks() {
        ComputationGraph graph = encoder();
        INDArray ids = Nd4j.ones(DataType.DOUBLE, 3, L).muli(7);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, L);
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        Nd4j.getRandom().setSeed(21);
        INDArray kept = graph.feedForward(new INDArray[] {ids}, true, false)
                .get(BertEncoderFactory.OUTPUT)
                .dup();
        for (BertBlockLayerImpl block : blocks(graph)) {
            assertTrue(block.hasRetainedState(), "a training forward pass keeps the state by default");
        }
        graph.clear();
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        Nd4j.getRandom().setSeed(21);
        INDArray forwardOnly;
        try (ForwardOnlyTraining ignored = ForwardOnlyTraining.enter()) {
            forwardOnly = graph.feedForward(new INDArray[] {ids}, true, false)
                    .get(BertEncoderFactory.OUTPUT)
                    .dup();
            for (BertBlockLayerImpl block : blocks(graph)) {
                assertFalse(block.hasRetainedState(), "inside ForwardOnlyTraining nothing is kept");
            }
        }
        assertFalse(ForwardOnlyTraining.active());
        assertEquals(0.0, kept.sub(forwardOnly).amaxNumber().doubleValue(), 0.0, "same dropout masks, same output");
        Nd4j.getRandom().setSeed(22);
        INDArray otherMasks =
                graph.feedForward(new INDArray[] {ids}, true, false).get(BertEncoderFactory.OUTPUT);
        assertTrue(kept.sub(otherMasks).amaxNumber().doubleValue() > 0, "dropout is active in both passes");
        graph.clearLayerMaskArrays();
        graph.clear();
    }

    @Test
    void inferenceKeepsNoState() {
        ComputationGraph graph = encoder();
        INDArray ids = Nd4j.ones(DataType.DOUBLE, 2, L);
        graph.output(false, new INDArray[] {ids}, new INDArray[] {Nd4j.ones(DataType.DOUBLE, 2, L)}, null);
        for (BertBlockLayerImpl block : blocks(graph)) {
            assertFalse(block.hasRetainedState());
        }
    }
}
