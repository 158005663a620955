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
 * Configuration of BERT's embedding post-processing on token embeddings {@code [batch, length, hidden]} (from a
 * DL4J {@code EmbeddingSequenceLayer}): adds the position embeddings of positions {@code 0..length-1} and the
 * token-type-0 embedding, then LayerNorm and dropout:
 * {@code y = Dropout(LayerNorm(tok + pos[0:L] + type[0]))}. The full position table ({@code maxPositions} rows)
 * is a parameter, so graphs of any sequence length share one parameter layout.
 */
public class BertEmbeddingLayer extends AbstractBertLayer {

    public static final String POSITION_EMBEDDINGS = "positionEmbeddings";
    public static final String TOKEN_TYPE_EMBEDDINGS = "tokenTypeEmbeddings";
    public static final String LN_GAMMA = "lnGamma";
    public static final String LN_BETA = "lnBeta";

    @JsonProperty("hidden")
    private int hidden;

    @JsonProperty("maxPositions")
    private int maxPositions;

    @JsonProperty("typeVocabSize")
    private int typeVocabSize;

    @JsonProperty("layerNormEps")
    private double layerNormEps;

    @JsonProperty("hiddenDropout")
    private double hiddenDropout;

    @JsonProperty("initStd")
    private double initStd;

    @SuppressWarnings("unused") // Jackson
    private BertEmbeddingLayer() {
        super(null);
    }

    public BertEmbeddingLayer(
            String name,
            int hidden,
            int maxPositions,
            int typeVocabSize,
            double layerNormEps,
            double hiddenDropout,
            double initStd) {
        super(name);
        this.hidden = hidden;
        this.maxPositions = maxPositions;
        this.typeVocabSize = typeVocabSize;
        this.layerNormEps = layerNormEps;
        this.hiddenDropout = hiddenDropout;
        this.initStd = initStd;
    }

    @Override
    protected int hiddenSize() {
        return hidden;
    }

    public int getHidden() {
        return hidden;
    }

    public int getMaxPositions() {
        return maxPositions;
    }

    public int getTypeVocabSize() {
        return typeVocabSize;
    }

    public double getLayerNormEps() {
        return layerNormEps;
    }

    public double getHiddenDropout() {
        return hiddenDropout;
    }

    public double getInitStd() {
        return initStd;
    }

    @Override
    public LinkedHashMap<String, long[]> paramShapes() {
        LinkedHashMap<String, long[]> m = new LinkedHashMap<>();
        m.put(POSITION_EMBEDDINGS, new long[] {maxPositions, hidden});
        m.put(TOKEN_TYPE_EMBEDDINGS, new long[] {typeVocabSize, hidden});
        m.put(LN_GAMMA, new long[] {hidden});
        m.put(LN_BETA, new long[] {hidden});
        return m;
    }

    @Override
    public Set<String> weightParams() {
        return Set.of(POSITION_EMBEDDINGS, TOKEN_TYPE_EMBEDDINGS);
    }

    @Override
    public void initializeParams(Map<String, INDArray> params) {
        normal(params.get(POSITION_EMBEDDINGS), initStd);
        normal(params.get(TOKEN_TYPE_EMBEDDINGS), initStd);
        params.get(LN_GAMMA).assign(1.0);
        params.get(LN_BETA).assign(0.0);
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
                new BertEmbeddingLayerImpl(conf, networkDataType),
                conf,
                listeners,
                layerIndex,
                paramsView,
                initializeParams);
    }
}
