package io.github.gtespark.model.layers;

import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Common DL4J configuration plumbing of the encoder's custom parameterised layers (embedding post-processing and
 * transformer blocks): parameter layout through {@link BertParamInitializer}, sequence activations laid out
 * {@code [batch, length, hidden]} (NWC), no preprocessors.
 */
public abstract class AbstractBertLayer extends BaseLayer implements BertParamLayout {

    /** Minimal builder; the concrete layers are configured through their own constructors. */
    static final class NameOnlyBuilder extends BaseLayer.Builder<NameOnlyBuilder> {
        @Override
        @SuppressWarnings("unchecked")
        public <E extends org.deeplearning4j.nn.conf.layers.Layer> E build() {
            throw new UnsupportedOperationException("configure the layer through its constructor");
        }
    }

    protected AbstractBertLayer(String name) {
        super(new NameOnlyBuilder().name(name));
    }

    @Override
    public ParamInitializer initializer() {
        return BertParamInitializer.INSTANCE;
    }

    /** Number of hidden units (last axis of the activations). */
    protected abstract int hiddenSize();

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long length = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(hiddenSize(), length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // sizes are fixed by the configuration
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long n = BertParamInitializer.INSTANCE.numParams(this);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(-1, inputType))
                .standardMemory(n, n)
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Fills {@code view} with normal(0, std) values from ND4J's (seeded) default generator. */
    protected static void normal(INDArray view, double std) {
        view.assign(Nd4j.randn(view.dataType(), view.shape()).muli(std));
    }

    /** Wires a layer implementation to its parameter views (DL4J's usual instantiate sequence). */
    protected static <L extends org.deeplearning4j.nn.layers.BaseLayer<?>> L wire(
            L layer,
            NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners,
            int index,
            INDArray paramsView,
            boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = BertParamInitializer.INSTANCE.init(conf, paramsView, initialize);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }
}
