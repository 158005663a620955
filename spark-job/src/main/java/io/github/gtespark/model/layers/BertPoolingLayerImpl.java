package io.github.gtespark.model.layers;

import io.github.gtespark.model.Pooling;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Runtime implementation of {@link BertPoolingLayer} (masked mean or first-token pooling, with backward pass). */
public class BertPoolingLayerImpl extends AbstractLayer<BertPoolingLayer> {

    public BertPoolingLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {}

    @Override
    public Type type() {
        return Type.SUBSAMPLING;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(null, currentMaskState);
    }

    /** [b, L, 1] mask weights divided by the real-token count of each row. */
    private INDArray meanWeights(long b, long len) {
        INDArray m = maskArray == null ? Nd4j.ones(input.dataType(), b, len) : maskArray.castTo(input.dataType());
        INDArray counts = m.sum(true, 1);
        return m.divColumnVector(counts).reshape('c', b, len, 1);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long b = input.size(0);
        long len = input.size(1);
        INDArray out;
        if (layerConf().getPooling() == Pooling.CLS) {
            out = input.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
                    .dup('c');
        } else {
            out = Broadcasting.muli(input.dup('c'), meanWeights(b, len)).sum(1);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        long b = input.size(0);
        long len = input.size(1);
        long hidden = input.size(2);
        INDArray dx;
        if (layerConf().getPooling() == Pooling.CLS) {
            dx = Nd4j.zeros(input.dataType(), b, len, hidden);
            dx.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
                    .assign(epsilon);
        } else {
            dx = Broadcasting.muli(meanWeights(b, len).repeat(2, hidden).dup('c'), epsilon.reshape('c', b, 1, hidden));
        }
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx));
    }
}
