package io.github.gtespark.model.layers;

import static io.github.gtespark.model.layers.BertBlockLayer.*;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime implementation of {@link BertBlockLayer}: forward pass and analytic backward pass in ND4J.
 *
 * <p>Dropout (training mode only) uses masks from a generator seeded with a value drawn from
 * {@code Nd4j.getRandom()} at each training forward pass; a backward pass that recomputes the forward pass (see
 * below) uses the same seed, hence the same masks. Seeding {@code Nd4j.getRandom()} before a forward pass therefore
 * makes the dropout of the whole encoder reproducible.
 *
 * <p>A training-mode forward pass keeps its intermediate values until the backward pass, the next forward pass or
 * {@link #clear()}: a backward pass on the same input array reuses them instead of recomputing the forward pass (one
 * forward pass less per training step); any other backward pass recomputes them. They live in a
 * {@link ForwardStateArena} of this layer, outside DL4J's workspaces (so that they outlive the layer's working-memory
 * scope), whose memory the next training forward pass reuses: no native allocation per array and chunk. Other
 * forward passes (inference, pass 1 of gradient caching) compute in DL4J's working-memory workspace. The output is
 * written directly into DL4J's activations workspace.
 *
 * <p>Dense layers use {@link Nd4j#matmul} (libnd4j's matmul op, C-order result, transposes as flags) rather than
 * {@code INDArray.mmul}, whose result is copied once more between memory orders.
 */
public class BertBlockLayerImpl extends BaseLayer<BertBlockLayer> implements ReleasableWorkingMemory {

    /** Additive attention bias of padded key positions (softmax weight exactly 0 in float and double). */
    static final double MASKED_BIAS = -1e9;

    private long dropoutSeed;
    private boolean dropoutActive;
    /** The state of the last training forward pass, for the backward pass on {@link #retainedInput}; else null. */
    private State retained;

    private INDArray retainedInput;
    private long keptStateUses;
    /** Memory of the kept state, reused from one training forward pass to the next. */
    private final ForwardStateArena arena = new ForwardStateArena();

    public BertBlockLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Intermediate values of one forward pass, kept for the backward pass; all taken from {@link #arrays}. */
    private static final class State {
        ArraySource arrays;
        long batch;
        long length;
        /** the input as [b*L, H]: a view of it, or a copy when it is not a plain C-order array */
        INDArray x;
        /** queries already multiplied by 1 / sqrt(dHead) */
        INDArray qh;

        INDArray kh;
        INDArray vh;
        INDArray probs;
        INDArray probsDropped;
        INDArray attnMask;
        INDArray context;
        INDArray attnOutMask;
        LayerNormalization.Result ln1;
        INDArray ffnPre;
        /** Phi(ffnPre), the standard normal CDF inside the GELU */
        INDArray ffnCdf;

        INDArray ffnAct;
        INDArray ffnOutMask;
        /** its output is the layer's output, which does not come from {@link #arrays} */
        LayerNormalization.Result ln2;

        void release() {
            arrays.releaseAll();
        }
    }

    /** Releases an array this layer allocated outside any workspace right away (no-op for workspace arrays). */
    private static void close(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    private void releaseRetained() {
        if (retained != null) {
            retained.release();
        }
        retained = null;
        retainedInput = null;
    }

    /** Whether the state of a training forward pass is held for the backward pass (tests). */
    boolean hasRetainedState() {
        return retained != null;
    }

    /** How many backward passes used the kept state instead of recomputing the forward pass (tests). */
    long backwardPassesWithKeptState() {
        return keptStateUses;
    }

    /** The reusable memory of the kept state (tests). */
    ForwardStateArena stateArena() {
        return arena;
    }

    @Override
    public void clear() {
        super.clear();
        releaseRetained();
    }

    @Override
    public void releaseWorkingMemory() {
        releaseRetained();
        arena.free();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public void clearNoiseWeightParams() {}

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        BertBlockLayer c = layerConf();
        dropoutActive = training && (c.getHiddenDropout() > 0 || c.getAttentionDropout() > 0);
        if (dropoutActive) {
            dropoutSeed = Nd4j.getRandom().nextLong();
        }
        releaseRetained();
        checkInput();
        INDArray out = workspaceMgr.createUninitialized(
                ArrayType.ACTIVATIONS, input.dataType(), input.size(0) * input.size(1), c.getHidden());
        boolean keep = training && !ForwardOnlyTraining.active();
        // kept for the backward pass: in the reused arena; else in the working-memory workspace (or freed at once)
        if (keep) {
            arena.reserve(input.dataType(), keptStateElements(input.size(0), input.size(1), !isPlainCOrder(input)));
        }
        State s = forward(keep ? arena : new FreshArrays(), out);
        if (keep) {
            retained = s;
            retainedInput = input;
        } else {
            s.release();
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out.reshape('c', s.batch, s.length, c.getHidden()));
    }

    static boolean isPlainCOrder(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && !a.isView();
    }

    /**
     * Elements {@link #forward} takes from its {@link ArraySource} for a [b, L] input (what it keeps and its
     * temporaries, each aligned as the arena aligns it): the arena is sized before the first pass.
     */
    long keptStateElements(long b, long len, boolean copiesInput) {
        BertBlockLayer c = layerConf();
        long rows = b * len;
        long hidden = c.getHidden();
        long heads = c.getHeads();
        long dHead = hidden / heads;
        long rowsByHidden = ForwardStateArena.footprint(rows * hidden);
        long headsArray = ForwardStateArena.footprint(b * heads * len * dHead);
        long scores = ForwardStateArena.footprint(b * heads * len * len);
        long column = ForwardStateArena.footprint(rows);
        long ffn = ForwardStateArena.footprint(rows * c.getIntermediate());
        boolean dropout = dropoutActive;
        long total = (copiesInput ? rowsByHidden : 0)
                + rowsByHidden // projected
                + 3 * headsArray // qh, kh, vh
                + scores // scores -> probs
                + (dropout && c.getAttentionDropout() > 0 ? 2 * scores : 0) // attention mask, dropped probs
                + headsArray // context per head
                + rowsByHidden // context merged
                + rowsByHidden // attention output
                + (dropout && c.getHiddenDropout() > 0 ? 2 * rowsByHidden : 0) // two hidden dropout masks
                + 2 * column
                + 3 * rowsByHidden // LayerNorm 1: mean, inverse std, normalised, squares, output
                + 3 * ffn // FFN pre-activation, its normal CDF, GELU
                + rowsByHidden // FFN output
                + 2 * column
                + 2 * rowsByHidden; // LayerNorm 2 (its output is the layer's)
        return total;
    }

    private void checkInput() {
        int hidden = layerConf().getHidden();
        if (input.rank() != 3 || input.size(2) != hidden) {
            throw new IllegalStateException("Layer " + layerId() + " expects [batch, length, " + hidden
                    + "] activations, got " + java.util.Arrays.toString(input.shape()));
        }
    }

    /** {@code out = x W + b}. */
    private INDArray linear(INDArray x, String w, String b, INDArray out) {
        return Nd4j.matmul(x, getParam(w), out, false, false, false).addiRowVector(getParam(b));
    }

    /** {@code target += a w^T} (BLAS gemm with beta = 1, no temporary); returns target. */
    private static INDArray accumulate(INDArray a, INDArray w, INDArray target) {
        return Nd4j.gemm(a, w, target, false, true, 1.0, 1.0);
    }

    /** The gradient of weight {@code name}: {@code x^T dy}, written straight into its gradient view. */
    private void weightGradient(INDArray x, INDArray dy, String name) {
        Nd4j.gemm(x, dy, gradientViews.get(name), true, false, 1.0, 0.0);
    }

    /** {@code op(a) op(b)} with optional transposes, C-order result. */
    private static INDArray mm(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        return Nd4j.matmul(a, b, transposeA, transposeB, false);
    }

    /** [b*L, H] -> [b, heads, L, dHead] (C order). */
    private static INDArray splitHeads(INDArray x, long b, long len, int heads, int dHead) {
        return x.reshape('c', b, len, heads, dHead).permute(0, 2, 1, 3).dup('c');
    }

    /** [b, heads, L, dHead] -> [b*L, H] (C order). */
    private static INDArray mergeHeads(INDArray x, long b, long len, int hidden) {
        return x.permute(0, 2, 1, 3).dup('c').reshape('c', b * len, hidden);
    }

    /**
     * The forward pass on {@link #input}: every intermediate array from {@code arrays}, the block's output (the
     * second LayerNorm's) into {@code out} [b*L, H].
     */
    private State forward(ArraySource arrays, INDArray out) {
        BertBlockLayer c = layerConf();
        int hidden = c.getHidden();
        int heads = c.getHeads();
        int dHead = hidden / heads;
        int intermediate = c.getIntermediate();
        checkInput();
        State s = new State();
        s.arrays = arrays;
        s.batch = input.size(0);
        s.length = input.size(1);
        long b = s.batch;
        long len = s.length;
        long rows = b * len;
        DataType dt = input.dataType();
        // the input is only read: reshape in place when it is already a plain C-order array
        if (isPlainCOrder(input)) {
            s.x = input.reshape('c', rows, hidden);
        } else {
            s.x = arrays.take(dt, rows, hidden);
            s.x.reshape('c', b, len, hidden).assign(input);
        }

        try (DropoutMasks masks = dropoutActive ? new DropoutMasks(dropoutSeed) : null) {
            // one [b*L, H] buffer for the three projections before they are split into heads
            INDArray projected = arrays.take(dt, rows, hidden);
            // queries pre-scaled by 1/sqrt(dHead): the scale touches [b, h, L, dHead], not the [b, h, L, L] scores
            s.qh = projectHeads(s.x, QUERY_W, QUERY_B, projected, arrays.take(dt, b, heads, len, dHead))
                    .muli(1.0 / Math.sqrt(dHead));
            s.kh = projectHeads(s.x, KEY_W, KEY_B, projected, arrays.take(dt, b, heads, len, dHead));
            s.vh = projectHeads(s.x, VALUE_W, VALUE_B, projected, arrays.take(dt, b, heads, len, dHead));

            INDArray scores = Nd4j.matmul(s.qh, s.kh, arrays.take(dt, b, heads, len, len), false, true, false);
            if (maskArray != null && maskArray.minNumber().doubleValue() < 1.0) {
                INDArray bias = maskArray.castTo(dt).rsub(1.0).muli(MASKED_BIAS).reshape('c', b, 1, 1, len);
                Broadcasting.addi(scores, bias);
                close(bias);
            }
            s.probs = Nd4j.exec(new SoftMax(scores, scores, 3))[0];
            s.probsDropped = s.probs;
            if (masks != null && c.getAttentionDropout() > 0) {
                s.attnMask = masks.next(c.getAttentionDropout(), arrays.take(dt, b, heads, len, len));
                s.probsDropped = arrays.take(dt, b, heads, len, len);
                Nd4j.exec(new MulOp(new INDArray[] {s.probs, s.attnMask}, new INDArray[] {s.probsDropped}));
            }
            INDArray ctx =
                    Nd4j.matmul(s.probsDropped, s.vh, arrays.take(dt, b, heads, len, dHead), false, false, false);
            s.context = arrays.take(dt, rows, hidden);
            s.context.reshape('c', b, len, heads, dHead).assign(ctx.permute(0, 2, 1, 3));

            INDArray attnOut = linear(s.context, ATTN_OUT_W, ATTN_OUT_B, arrays.take(dt, rows, hidden));
            if (masks != null && c.getHiddenDropout() > 0) {
                s.attnOutMask = masks.next(c.getHiddenDropout(), arrays.take(dt, rows, hidden));
                attnOut.muli(s.attnOutMask);
            }
            s.ln1 = LayerNormalization.forward(
                    attnOut.addi(s.x),
                    getParam(ATTN_LN_GAMMA),
                    getParam(ATTN_LN_BETA),
                    c.getLayerNormEps(),
                    arrays.take(dt, rows, hidden),
                    arrays);

            s.ffnPre = linear(s.ln1.output(), FFN_IN_W, FFN_IN_B, arrays.take(dt, rows, intermediate));
            s.ffnCdf = arrays.take(dt, rows, intermediate);
            s.ffnAct = ErfGelu.forward(s.ffnPre, s.ffnCdf, arrays.take(dt, rows, intermediate));
            INDArray ffnOut = linear(s.ffnAct, FFN_OUT_W, FFN_OUT_B, arrays.take(dt, rows, hidden));
            if (masks != null && c.getHiddenDropout() > 0) {
                s.ffnOutMask = masks.next(c.getHiddenDropout(), arrays.take(dt, rows, hidden));
                ffnOut.muli(s.ffnOutMask);
            }
            s.ln2 = LayerNormalization.forward(
                    ffnOut.addi(s.ln1.output()),
                    getParam(OUT_LN_GAMMA),
                    getParam(OUT_LN_BETA),
                    c.getLayerNormEps(),
                    out,
                    arrays);
        }
        return s;
    }

    /** A dense projection split into heads: [b*L, H] -> {@code heads} [b, heads, L, dHead], via {@code projected}. */
    private INDArray projectHeads(INDArray x, String w, String bias, INDArray projected, INDArray heads) {
        linear(x, w, bias, projected);
        heads.assign(projected
                .reshape('c', heads.size(0), heads.size(2), heads.size(1), heads.size(3))
                .permute(0, 2, 1, 3));
        return heads;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BertBlockLayer c = layerConf();
        int hidden = c.getHidden();
        int heads = c.getHeads();
        int dHead = hidden / heads;
        // the state of the training forward pass on this very input, else recompute it (same dropout seed)
        boolean reuse = retained != null && retainedInput == input;
        State s;
        if (reuse) {
            s = retained;
        } else {
            checkInput();
            FreshArrays arrays = new FreshArrays();
            s = forward(arrays, arrays.take(input.dataType(), input.size(0) * input.size(1), hidden));
        }
        if (reuse) {
            keptStateUses++;
        }
        try {
            return backward(s, epsilon, workspaceMgr, c, hidden, heads, dHead);
        } finally {
            if (reuse) {
                releaseRetained();
            } else {
                s.release();
            }
        }
    }

    private Pair<Gradient, INDArray> backward(
            State s,
            INDArray epsilon,
            LayerWorkspaceMgr workspaceMgr,
            BertBlockLayer c,
            int hidden,
            int heads,
            int dHead) {
        long b = s.batch;
        long len = s.length;

        INDArray dOut = epsilon.dup('c').reshape('c', b * len, hidden);
        INDArray dSum2 = LayerNormalization.backward(
                dOut, s.ln2, getParam(OUT_LN_GAMMA), gradientViews.get(OUT_LN_GAMMA), gradientViews.get(OUT_LN_BETA));
        INDArray dFfnOut = s.ffnOutMask == null ? dSum2 : dSum2.mul(s.ffnOutMask);
        weightGradient(s.ffnAct, dFfnOut, FFN_OUT_W);
        ColumnSums.into(dFfnOut, gradientViews.get(FFN_OUT_B));
        INDArray dAct = mm(dFfnOut, false, getParam(FFN_OUT_W), true);
        INDArray dPre = ErfGelu.backward(s.ffnPre, s.ffnCdf, dAct);
        weightGradient(s.ln1.output(), dPre, FFN_IN_W);
        ColumnSums.into(dPre, gradientViews.get(FFN_IN_B));
        INDArray dH1 = accumulate(dPre, getParam(FFN_IN_W), dSum2); // dSum2 is not read any more

        INDArray dSum1 = LayerNormalization.backward(
                dH1, s.ln1, getParam(ATTN_LN_GAMMA), gradientViews.get(ATTN_LN_GAMMA), gradientViews.get(ATTN_LN_BETA));
        INDArray dAttnOut = s.attnOutMask == null ? dSum1 : dSum1.mul(s.attnOutMask);
        weightGradient(s.context, dAttnOut, ATTN_OUT_W);
        ColumnSums.into(dAttnOut, gradientViews.get(ATTN_OUT_B));
        INDArray dContext = splitHeads(mm(dAttnOut, false, getParam(ATTN_OUT_W), true), b, len, heads, dHead);

        INDArray dProbsDropped = Nd4j.matmul(dContext, s.vh, null, false, true, false);
        INDArray dVh = Nd4j.matmul(s.probsDropped, dContext, null, true, false, false);
        INDArray dProbs = s.attnMask == null ? dProbsDropped : dProbsDropped.muli(s.attnMask);
        INDArray rowDot = dProbs.mul(s.probs).sum(true, 3);
        INDArray dScores = Broadcasting.subi(dProbs, rowDot).muli(s.probs);
        INDArray dQh = Nd4j.matmul(dScores, s.kh).muli(1.0 / Math.sqrt(dHead));
        INDArray dKh = Nd4j.matmul(dScores, s.qh, null, true, false, false);

        INDArray dq = mergeHeads(dQh, b, len, hidden);
        INDArray dk = mergeHeads(dKh, b, len, hidden);
        INDArray dv = mergeHeads(dVh, b, len, hidden);
        weightGradient(s.x, dq, QUERY_W);
        ColumnSums.into(dq, gradientViews.get(QUERY_B));
        weightGradient(s.x, dk, KEY_W);
        ColumnSums.into(dk, gradientViews.get(KEY_B));
        weightGradient(s.x, dv, VALUE_W);
        ColumnSums.into(dv, gradientViews.get(VALUE_B));
        // dx = dSum1 + dq Wq^T + dk Wk^T + dv Wv^T, accumulated in place (dSum1 is not read any more)
        INDArray dx = accumulate(dq, getParam(QUERY_W), dSum1);
        accumulate(dk, getParam(KEY_W), dx);
        accumulate(dv, getParam(VALUE_W), dx);

        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : c.paramShapes().keySet()) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        INDArray dInput = dx.reshape('c', b, len, hidden);
        return new Pair<>(g, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dInput));
    }
}
