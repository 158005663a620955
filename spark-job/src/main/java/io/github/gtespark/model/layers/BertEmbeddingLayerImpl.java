package io.github.gtespark.model.layers;

import static io.github.gtespark.model.layers.BertEmbeddingLayer.*;

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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime implementation of {@link BertEmbeddingLayer} (forward and analytic backward pass in ND4J). Dropout masks
 * follow the same seeding scheme as {@link BertBlockLayerImpl}.
 */
public class BertEmbeddingLayerImpl extends BaseLayer<BertEmbeddingLayer> {

    private long dropoutSeed;
    private boolean dropoutActive;

    public BertEmbeddingLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
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

    private record State(long batch, long length, LayerNormalization.Result ln, INDArray dropoutMask) {}

    private State forward() {
        BertEmbeddingLayer c = layerConf();
        int hidden = c.getHidden();
        if (input.rank() != 3 || input.size(2) != hidden) {
            throw new IllegalStateException("Layer " + layerId() + " expects [batch, length, " + hidden
                    + "] token embeddings, got " + java.util.Arrays.toString(input.shape()));
        }
        long b = input.size(0);
        long len = input.size(1);
        if (len > c.getMaxPositions()) {
            throw new IllegalArgumentException(
                    "Sequence length " + len + " exceeds the model's " + c.getMaxPositions() + " positions");
        }
        INDArray sum = input.dup('c');
        INDArray positions = getParam(POSITION_EMBEDDINGS).get(NDArrayIndex.interval(0, len), NDArrayIndex.all());
        INDArray typeZero = getParam(TOKEN_TYPE_EMBEDDINGS).getRow(0);
        Broadcasting.addi(sum, positions.add(typeZero.reshape(1, hidden)).reshape(1, len, hidden));
        // arrays in DL4J's working-memory workspace when one is open, else plain ones the GC returns (this layer is
        // a small part of the encoder's cost; its state is recomputed in the backward pass)
        INDArray out = Nd4j.createUninitialized(input.dataType(), b * len, hidden);
        LayerNormalization.Result ln = LayerNormalization.forward(
                sum.reshape('c', b * len, hidden),
                getParam(LN_GAMMA),
                getParam(LN_BETA),
                c.getLayerNormEps(),
                out,
                new FreshArrays());
        INDArray mask = null;
        if (dropoutActive && c.getHiddenDropout() > 0) {
            try (DropoutMasks masks = new DropoutMasks(dropoutSeed)) {
                mask = masks.next(c.getHiddenDropout(), Nd4j.createUninitialized(input.dataType(), b * len, hidden));
            }
        }
        return new State(b, len, ln, mask);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        dropoutActive = training && layerConf().getHiddenDropout() > 0;
        if (dropoutActive) {
            dropoutSeed = Nd4j.getRandom().nextLong();
        }
        State s = forward();
        INDArray out = s.dropoutMask == null ? s.ln.output() : s.ln.output().mul(s.dropoutMask);
        return workspaceMgr.leverageTo(
                ArrayType.ACTIVATIONS,
                out.reshape('c', s.batch, s.length, layerConf().getHidden()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int hidden = layerConf().getHidden();
        State s = forward();
        INDArray dy = epsilon.dup('c').reshape('c', s.batch * s.length, hidden);
        if (s.dropoutMask != null) {
            dy.muli(s.dropoutMask);
        }
        INDArray dSum = LayerNormalization.backward(
                dy, s.ln, getParam(LN_GAMMA), gradientViews.get(LN_GAMMA), gradientViews.get(LN_BETA));
        INDArray dSum3 = dSum.reshape('c', s.batch, s.length, hidden);
        INDArray dPositions = gradientViews.get(POSITION_EMBEDDINGS);
        dPositions.assign(0.0);
        INDArray perPosition = dSum3.sum(0);
        dPositions.get(NDArrayIndex.interval(0, s.length), NDArrayIndex.all()).assign(perPosition);
        INDArray dTypes = gradientViews.get(TOKEN_TYPE_EMBEDDINGS);
        dTypes.assign(0.0);
        dTypes.getRow(0).assign(perPosition.sum(0));

        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : layerConf().paramShapes().keySet()) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        return new Pair<>(g, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dSum3));
    }
}
