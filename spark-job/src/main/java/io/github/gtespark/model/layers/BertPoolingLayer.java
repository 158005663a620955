package io.github.gtespark.model.layers;

import io.github.gtespark.model.Pooling;
import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the sentence pooling layer: {@code [batch, length, hidden]} token states plus the
 * {@code [batch, length]} padding mask to {@code [batch, hidden]}: {@link Pooling#MEAN} is
 * {@code sum_t m_t h_t / sum_t m_t} (sentence-transformers' mean pooling), {@link Pooling#CLS} is {@code h_0}.
 */
public class BertPoolingLayer extends NoParamLayer {

    @JsonProperty("pooling")
    private Pooling pooling;

    @JsonProperty("hidden")
    private int hidden;

    private static final class NameOnlyBuilder
            extends org.deeplearning4j.nn.conf.layers.Layer.Builder<NameOnlyBuilder> {
        @Override
        @SuppressWarnings("unchecked")
        public <E extends org.deeplearning4j.nn.conf.layers.Layer> E build() {
            throw new UnsupportedOperationException("configure the layer through its constructor");
        }
    }

    @SuppressWarnings("unused") // Jackson
    private BertPoolingLayer() {
        super(new NameOnlyBuilder());
    }

    public BertPoolingLayer(String name, Pooling pooling, int hidden) {
        super(new NameOnlyBuilder().name(name));
        this.pooling = pooling;
        this.hidden = hidden;
    }

    public Pooling getPooling() {
        return pooling;
    }

    public int getHidden() {
        return hidden;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        BertPoolingLayerImpl layer = new BertPoolingLayerImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(hidden);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(-1, inputType))
                .standardMemory(0, 0)
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
