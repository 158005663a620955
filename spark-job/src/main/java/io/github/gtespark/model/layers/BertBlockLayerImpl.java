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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
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
 * <p>A training-mode forward pass keeps its intermediate values (computed outside DL4J's workspaces, so that they
 * outlive the layer's working-memory scope) until the backward pass, the next forward pass or {@link #clear()}:
 * a backward pass on the same input array reuses them instead of recomputing the forward pass (one forward pass
 * less per training step); any other backward pass recomputes them as before. They are released explicitly (native
 * memory returned at once, not at a garbage collection) once the backward pass has used them.
 *
 * <p>Dense layers use {@link Nd4j#matmul} (libnd4j's matmul op, C-order result, transposes as flags) rather than
 * {@code INDArray.mmul}, whose result is copied once more between memory orders.
 */
public class BertBlockLayerImpl extends BaseLayer<BertBlockLayer> {

    /** Additive attention bias of padded key positions (softmax weight exactly 0 in float and double). */
    static final double MASKED_BIAS = -1e9;

    private long dropoutSeed;
    private boolean dropoutActive;
    /** The state of the last training forward pass, for the backward pass on {@link #retainedInput}; else null. */
    private State retained;
    private INDArray retainedInput;
    private long keptStateUses;

    public BertBlockLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Intermediate values of one forward pass, kept for the backward pass. */
    private static final class State {
        long batch;
        long length;
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
        INDArray ffnAct;
        INDArray ffnOutMask;
        LayerNormalization.Result ln2;
        /** true when {@link #x} is a copy of the input (owned), false when it is a view of it */
        boolean xOwned;

        /** Closes the arrays this state owns (all but the output, which the caller may still hold). */
        void release() {
            close(xOwned ? x : null, qh, kh, vh, probsDropped != probs ? probsDropped : null, probs, attnMask, context,
                    attnOutMask, ffnPre, ffnAct, ffnOutMask);
            if (ln1 != null) {
                close(ln1.output(), ln1.normalized(), ln1.inverseStd());
            }
            if (ln2 != null) {
                close(ln2.normalized(), ln2.inverseStd());
            }
        }
    }

    /** Releases the native memory of arrays owned by this layer (never views or workspace arrays) right away. */
    private static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
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

    @Override
    public void clear() {
        super.clear();
        releaseRetained();
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
    public void clearNoiseWeightParams() {
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
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
        State s;
        boolean keep = training && !ForwardOnlyTraining.active();
        if (keep) {
            // kept for the backward pass: allocate outside the layer's working-memory workspace
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                s = forward();
            }
            retained = s;
            retainedInput = input;
        } else {
            s = forward();
        }
        INDArray out = s.ln2.output().reshape('c', s.batch, s.length, c.getHidden());
        INDArray leveraged = workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
        if (keep && leveraged.data() != out.data()) {
            close(s.ln2.output()); // copied into the activations workspace: the detached original is garbage
        }
        return leveraged;
    }

    private INDArray linear(INDArray x, String w, String b) {
        return Nd4j.matmul(x, getParam(w)).addiRowVector(getParam(b));
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

    private State forward() {
        BertBlockLayer c = layerConf();
        int hidden = c.getHidden();
        int heads = c.getHeads();
        int dHead = hidden / heads;
        if (input.rank() != 3 || input.size(2) != hidden) {
            throw new IllegalStateException("Layer " + layerId() + " expects [batch, length, " + hidden
                    + "] activations, got " + java.util.Arrays.toString(input.shape()));
        }
        State s = new State();
        s.batch = input.size(0);
        s.length = input.size(1);
        long b = s.batch;
        long len = s.length;
        DataType dt = input.dataType();
        // the input is only read: reshape in place when it is already a plain C-order array
        s.xOwned = !(input.ordering() == 'c' && Shape.hasDefaultStridesForShape(input) && !input.isView());
        s.x = s.xOwned ? input.dup('c').reshape('c', b * len, hidden) : input.reshape('c', b * len, hidden);

        try (DropoutMasks masks = dropoutActive ? new DropoutMasks(dropoutSeed) : null) {
            // queries pre-scaled by 1/sqrt(dHead): the scale touches [b, h, L, dHead], not the [b, h, L, L] scores
            s.qh = projectHeads(s.x, QUERY_W, QUERY_B, b, len, heads, dHead).muli(1.0 / Math.sqrt(dHead));
            s.kh = projectHeads(s.x, KEY_W, KEY_B, b, len, heads, dHead);
            s.vh = projectHeads(s.x, VALUE_W, VALUE_B, b, len, heads, dHead);

            INDArray scores = Nd4j.matmul(s.qh, s.kh, null, false, true, false);
            if (maskArray != null && maskArray.minNumber().doubleValue() < 1.0) {
                INDArray bias = maskArray.castTo(dt).rsub(1.0).muli(MASKED_BIAS).reshape('c', b, 1, 1, len);
                Broadcasting.addi(scores, bias);
                close(bias);
            }
            s.probs = Nd4j.exec(new SoftMax(scores, scores, 3))[0];
            s.probsDropped = s.probs;
            if (masks != null && c.getAttentionDropout() > 0) {
                s.attnMask = masks.next(c.getAttentionDropout(), dt, s.probs.shape());
                s.probsDropped = s.probs.mul(s.attnMask);
            }
            INDArray ctx = Nd4j.matmul(s.probsDropped, s.vh);
            s.context = mergeHeads(ctx, b, len, hidden);
            close(ctx);

            INDArray attnOut = linear(s.context, ATTN_OUT_W, ATTN_OUT_B);
            if (masks != null && c.getHiddenDropout() > 0) {
                s.attnOutMask = masks.next(c.getHiddenDropout(), dt, attnOut.shape());
                attnOut.muli(s.attnOutMask);
            }
            s.ln1 = LayerNormalization.forward(attnOut.addi(s.x), getParam(ATTN_LN_GAMMA), getParam(ATTN_LN_BETA),
                    c.getLayerNormEps());
            close(attnOut);

            s.ffnPre = linear(s.ln1.output(), FFN_IN_W, FFN_IN_B);
            s.ffnAct = ErfGelu.forward(s.ffnPre);
            INDArray ffnOut = linear(s.ffnAct, FFN_OUT_W, FFN_OUT_B);
            if (masks != null && c.getHiddenDropout() > 0) {
                s.ffnOutMask = masks.next(c.getHiddenDropout(), dt, ffnOut.shape());
                ffnOut.muli(s.ffnOutMask);
            }
            s.ln2 = LayerNormalization.forward(ffnOut.addi(s.ln1.output()), getParam(OUT_LN_GAMMA),
                    getParam(OUT_LN_BETA), c.getLayerNormEps());
            close(ffnOut);
        }
        return s;
    }

    /** A dense projection split into heads: [b*L, H] -> [b, heads, L, dHead] (the [b*L, H] result is released). */
    private INDArray projectHeads(INDArray x, String w, String bias, long b, long len, int heads, int dHead) {
        INDArray projected = linear(x, w, bias);
        INDArray split = splitHeads(projected, b, len, heads, dHead);
        close(projected);
        return split;
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
        State s = reuse ? retained : forward();
        if (reuse) {
            keptStateUses++;
        }
        try {
            return backward(s, epsilon, workspaceMgr, c, hidden, heads, dHead);
        } finally {
            releaseRetained();
        }
    }

    private Pair<Gradient, INDArray> backward(State s, INDArray epsilon, LayerWorkspaceMgr workspaceMgr, BertBlockLayer c,
            int hidden, int heads, int dHead) {
        long b = s.batch;
        long len = s.length;

        INDArray dOut = epsilon.dup('c').reshape('c', b * len, hidden);
        INDArray dSum2 = LayerNormalization.backward(dOut, s.ln2, getParam(OUT_LN_GAMMA),
                gradientViews.get(OUT_LN_GAMMA), gradientViews.get(OUT_LN_BETA));
        INDArray dFfnOut = s.ffnOutMask == null ? dSum2 : dSum2.mul(s.ffnOutMask);
        gradientViews.get(FFN_OUT_W).assign(mm(s.ffnAct, true, dFfnOut, false));
        gradientViews.get(FFN_OUT_B).assign(dFfnOut.sum(0));
        INDArray dAct = mm(dFfnOut, false, getParam(FFN_OUT_W), true);
        INDArray dPre = ErfGelu.backward(s.ffnPre, dAct);
        gradientViews.get(FFN_IN_W).assign(mm(s.ln1.output(), true, dPre, false));
        gradientViews.get(FFN_IN_B).assign(dPre.sum(0));
        INDArray dH1 = mm(dPre, false, getParam(FFN_IN_W), true).addi(dSum2);

        INDArray dSum1 = LayerNormalization.backward(dH1, s.ln1, getParam(ATTN_LN_GAMMA),
                gradientViews.get(ATTN_LN_GAMMA), gradientViews.get(ATTN_LN_BETA));
        INDArray dAttnOut = s.attnOutMask == null ? dSum1 : dSum1.mul(s.attnOutMask);
        gradientViews.get(ATTN_OUT_W).assign(mm(s.context, true, dAttnOut, false));
        gradientViews.get(ATTN_OUT_B).assign(dAttnOut.sum(0));
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
        gradientViews.get(QUERY_W).assign(mm(s.x, true, dq, false));
        gradientViews.get(QUERY_B).assign(dq.sum(0));
        gradientViews.get(KEY_W).assign(mm(s.x, true, dk, false));
        gradientViews.get(KEY_B).assign(dk.sum(0));
        gradientViews.get(VALUE_W).assign(mm(s.x, true, dv, false));
        gradientViews.get(VALUE_B).assign(dv.sum(0));
        INDArray dx = dSum1.dup()
                .addi(mm(dq, false, getParam(QUERY_W), true))
                .addi(mm(dk, false, getParam(KEY_W), true))
                .addi(mm(dv, false, getParam(VALUE_W), true));

        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : c.paramShapes().keySet()) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        INDArray dInput = dx.reshape('c', b, len, hidden);
        return new Pair<>(g, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dInput));
    }
}
