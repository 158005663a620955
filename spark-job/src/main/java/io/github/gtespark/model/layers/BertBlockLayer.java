package io.github.gtespark.model.layers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of one post-LayerNorm BERT encoder block on {@code [batch, length, hidden]} activations with a
 * {@code [batch, length]} padding mask:
 * <pre>
 *   a  = Dropout(Attention(x) W_o + b_o);  h = LayerNorm(x + a)
 *   f  = Dropout(GELU_erf(h W_1 + b_1) W_2 + b_2);  y = LayerNorm(h + f)
 *   Attention: softmax(Q K^T / sqrt(d_head) + padding bias) (with attention-probability dropout) V, per head
 * </pre>
 * Weights are stored {@code [in, out]}. Implemented directly in ND4J with an analytic backward pass
 * ({@link BertBlockLayerImpl}); any sequence length works with the same parameters.
 */
public class BertBlockLayer extends AbstractBertLayer {

    public static final String QUERY_W = "queryW";
    public static final String QUERY_B = "queryB";
    public static final String KEY_W = "keyW";
    public static final String KEY_B = "keyB";
    public static final String VALUE_W = "valueW";
    public static final String VALUE_B = "valueB";
    public static final String ATTN_OUT_W = "attnOutW";
    public static final String ATTN_OUT_B = "attnOutB";
    public static final String ATTN_LN_GAMMA = "attnLnGamma";
    public static final String ATTN_LN_BETA = "attnLnBeta";
    public static final String FFN_IN_W = "ffnInW";
    public static final String FFN_IN_B = "ffnInB";
    public static final String FFN_OUT_W = "ffnOutW";
    public static final String FFN_OUT_B = "ffnOutB";
    public static final String OUT_LN_GAMMA = "outLnGamma";
    public static final String OUT_LN_BETA = "outLnBeta";

    @JsonProperty("hidden")
    private int hidden;

    @JsonProperty("heads")
    private int heads;

    @JsonProperty("intermediate")
    private int intermediate;

    @JsonProperty("layerNormEps")
    private double layerNormEps;

    @JsonProperty("hiddenDropout")
    private double hiddenDropout;

    @JsonProperty("attentionDropout")
    private double attentionDropout;

    @JsonProperty("initStd")
    private double initStd;

    @SuppressWarnings("unused") // Jackson
    private BertBlockLayer() {
        super(null);
    }

    public BertBlockLayer(
            String name,
            int hidden,
            int heads,
            int intermediate,
            double layerNormEps,
            double hiddenDropout,
            double attentionDropout,
            double initStd) {
        super(name);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "hidden size " + hidden + " is not a multiple of the head count " + heads);
        }
        this.hidden = hidden;
        this.heads = heads;
        this.intermediate = intermediate;
        this.layerNormEps = layerNormEps;
        this.hiddenDropout = hiddenDropout;
        this.attentionDropout = attentionDropout;
        this.initStd = initStd;
    }

    @Override
    protected int hiddenSize() {
        return hidden;
    }

    public int getHidden() {
        return hidden;
    }

    public int getHeads() {
        return heads;
    }

    public int getIntermediate() {
        return intermediate;
    }

    public double getLayerNormEps() {
        return layerNormEps;
    }

    public double getHiddenDropout() {
        return hiddenDropout;
    }

    public double getAttentionDropout() {
        return attentionDropout;
    }

    public double getInitStd() {
        return initStd;
    }

    @Override
    public LinkedHashMap<String, long[]> paramShapes() {
        LinkedHashMap<String, long[]> m = new LinkedHashMap<>();
        for (String p : new String[] {"query", "key", "value"}) {
            m.put(p + "W", new long[] {hidden, hidden});
            m.put(p + "B", new long[] {hidden});
        }
        m.put(ATTN_OUT_W, new long[] {hidden, hidden});
        m.put(ATTN_OUT_B, new long[] {hidden});
        m.put(ATTN_LN_GAMMA, new long[] {hidden});
        m.put(ATTN_LN_BETA, new long[] {hidden});
        m.put(FFN_IN_W, new long[] {hidden, intermediate});
        m.put(FFN_IN_B, new long[] {intermediate});
        m.put(FFN_OUT_W, new long[] {intermediate, hidden});
        m.put(FFN_OUT_B, new long[] {hidden});
        m.put(OUT_LN_GAMMA, new long[] {hidden});
        m.put(OUT_LN_BETA, new long[] {hidden});
        return m;
    }

    @Override
    public Set<String> weightParams() {
        return Set.of(QUERY_W, KEY_W, VALUE_W, ATTN_OUT_W, FFN_IN_W, FFN_OUT_W);
    }

    @Override
    public void initializeParams(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (weightParams().contains(e.getKey())) {
                normal(e.getValue(), initStd);
            } else if (e.getKey().endsWith("Gamma")) {
                e.getValue().assign(1.0);
            } else {
                e.getValue().assign(0.0);
            }
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        return wire(
                new BertBlockLayerImpl(conf, networkDataType),
                conf,
                listeners,
                layerIndex,
                paramsView,
                initializeParams);
    }
}
