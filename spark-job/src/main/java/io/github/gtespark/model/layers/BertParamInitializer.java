package io.github.gtespark.model.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J {@link ParamInitializer} for layers that describe themselves with a {@link BertParamLayout}: slices the
 * layer's part of the flat parameter (or gradient) vector into C-order views, one per named parameter.
 */
public final class BertParamInitializer implements ParamInitializer {

    public static final BertParamInitializer INSTANCE = new BertParamInitializer();

    private BertParamInitializer() {}

    private static BertParamLayout layout(Layer layer) {
        if (!(layer instanceof BertParamLayout l)) {
            throw new IllegalArgumentException(
                    "Layer " + layer.getClass().getName() + " does not declare a BertParamLayout");
        }
        return l;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (long[] shape : layout(layer).paramShapes().values()) {
            n += length(shape);
        }
        return n;
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(layout(layer).paramShapes().keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        List<String> keys = new ArrayList<>();
        for (String k : layout(layer).paramShapes().keySet()) {
            if (layout(layer).weightParams().contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        List<String> keys = new ArrayList<>();
        for (String k : layout(layer).paramShapes().keySet()) {
            if (!layout(layer).weightParams().contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return layout(layer).weightParams().contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return layout(layer).paramShapes().containsKey(key)
                && !layout(layer).weightParams().contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = slice(conf.getLayer(), paramsView);
        if (initializeParams) {
            layout(conf.getLayer()).initializeParams(views);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slice(conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> slice(Layer layer, INDArray flat) {
        long expected = numParams(layer);
        if (flat.length() != expected) {
            throw new IllegalStateException("Layer " + layer.getLayerName() + ": flat view has " + flat.length()
                    + " values, layout needs " + expected);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : layout(layer).paramShapes().entrySet()) {
            long n = length(e.getValue());
            INDArray part = flat.rank() == 2
                    ? flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + n))
                    : flat.get(NDArrayIndex.interval(offset, offset + n));
            INDArray view = part.reshape('c', e.getValue());
            out.put(e.getKey(), view);
            offset += n;
        }
        return out;
    }
}
