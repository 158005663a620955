package io.github.gtespark.model.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter layout of one of the encoder's custom layers: named parameters, their shapes in flat-vector order,
 * which of them are weights (subject to weight decay) and how a fresh layer initialises them.
 */
public interface BertParamLayout {

    /** Parameter names (no underscore: DL4J splits gradient keys at the last one) to shapes, in the order they occupy the layer's slice of the flat parameter vector. */
    LinkedHashMap<String, long[]> paramShapes();

    /** Names of the parameters treated as weights (weight decay); all others (biases, LayerNorm) are "bias" parameters. */
    Set<String> weightParams();

    /** Initialises freshly allocated parameter views (random normal weights, zero biases, unit LayerNorm gains). */
    void initializeParams(Map<String, INDArray> params);
}
