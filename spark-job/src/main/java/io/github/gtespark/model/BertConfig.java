package io.github.gtespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Shape and behaviour of a BERT sentence encoder: the Hugging Face {@code BertModel} hyper-parameters plus the
 * sentence-embedding head (pooling, L2 normalisation) and optional query/passage text prefixes (e5 style).
 * Read and written as a Hugging Face {@code config.json}; the head settings travel in a {@code "gte_spark"} object
 * there (and in the sentence-transformers files written beside it).
 */
public record BertConfig(
        int layers,
        int hidden,
        int heads,
        int intermediate,
        int vocabSize,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        double hiddenDropout,
        double attentionDropout,
        double initStd,
        Pooling pooling,
        boolean normalize,
        String queryPrefix,
        String passagePrefix)
        implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BertConfig {
        Objects.requireNonNull(pooling, "pooling");
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        passagePrefix = passagePrefix == null ? "" : passagePrefix;
        if (layers < 1
                || hidden < 1
                || heads < 1
                || intermediate < 1
                || vocabSize < 1
                || maxPositions < 1
                || typeVocabSize < 1) {
            throw new IllegalArgumentException("BERT sizes must be positive: " + this);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hidden + " is not a multiple of heads " + heads);
        }
        if (hiddenDropout < 0 || hiddenDropout >= 1 || attentionDropout < 0 || attentionDropout >= 1) {
            throw new IllegalArgumentException("dropout probabilities must be in [0, 1): " + this);
        }
    }

    /** BERT defaults for the given sizes: LayerNorm eps 1e-12, dropout 0.1, init std 0.02, mean pooling, normalised. */
    public static BertConfig of(int layers, int hidden, int heads, int intermediate, int vocabSize, int maxPositions) {
        return new BertConfig(
                layers,
                hidden,
                heads,
                intermediate,
                vocabSize,
                maxPositions,
                2,
                1e-12,
                0.1,
                0.1,
                0.02,
                Pooling.MEAN,
                true,
                "",
                "");
    }

    public BertConfig withPooling(Pooling p, boolean l2Normalize) {
        return new BertConfig(
                layers,
                hidden,
                heads,
                intermediate,
                vocabSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                hiddenDropout,
                attentionDropout,
                initStd,
                p,
                l2Normalize,
                queryPrefix,
                passagePrefix);
    }

    public BertConfig withDropout(double hidden, double attention) {
        return new BertConfig(
                layers,
                this.hidden,
                heads,
                intermediate,
                vocabSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                hidden,
                attention,
                initStd,
                pooling,
                normalize,
                queryPrefix,
                passagePrefix);
    }

    public BertConfig withPrefixes(String query, String passage) {
        return new BertConfig(
                layers,
                hidden,
                heads,
                intermediate,
                vocabSize,
                maxPositions,
                typeVocabSize,
                layerNormEps,
                hiddenDropout,
                attentionDropout,
                initStd,
                pooling,
                normalize,
                query,
                passage);
    }

    /** This configuration as a Hugging Face {@code config.json} document (BertModel). */
    public String toHfConfigJson() {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("BertModel");
        n.put("model_type", "bert");
        n.put("attention_probs_dropout_prob", attentionDropout);
        n.put("hidden_act", "gelu");
        n.put("hidden_dropout_prob", hiddenDropout);
        n.put("hidden_size", hidden);
        n.put("initializer_range", initStd);
        n.put("intermediate_size", intermediate);
        n.put("layer_norm_eps", layerNormEps);
        n.put("max_position_embeddings", maxPositions);
        n.put("num_attention_heads", heads);
        n.put("num_hidden_layers", layers);
        n.put("pad_token_id", 0);
        n.put("position_embedding_type", "absolute");
        n.put("torch_dtype", "float32");
        n.put("type_vocab_size", typeVocabSize);
        n.put("use_cache", true);
        n.put("vocab_size", vocabSize);
        ObjectNode head = n.putObject("gte_spark");
        head.put("pooling", pooling.name().toLowerCase(java.util.Locale.ROOT));
        head.put("normalize", normalize);
        head.put("query_prefix", queryPrefix);
        head.put("passage_prefix", passagePrefix);
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a Hugging Face BERT {@code config.json}. The sentence head comes from its {@code "gte_spark"} object when
     * present, else from {@code defaultPooling} / {@code defaultNormalize} (callers read sentence-transformers files).
     */
    public static BertConfig fromHfConfigJson(byte[] json, Pooling defaultPooling, boolean defaultNormalize) {
        JsonNode n;
        try {
            n = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("config.json is not valid JSON: " + e.getMessage(), e);
        }
        String type = n.path("model_type").asText("bert");
        if (!type.equals("bert")) {
            throw new IllegalArgumentException(
                    "Unsupported model_type '" + type + "': only BERT encoders are supported");
        }
        String act = n.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new IllegalArgumentException(
                    "Unsupported hidden_act '" + act + "': only exact (erf) gelu is supported");
        }
        String posType = n.path("position_embedding_type").asText("absolute");
        if (!posType.equals("absolute")) {
            throw new IllegalArgumentException("Unsupported position_embedding_type '" + posType + "'");
        }
        Pooling pooling = defaultPooling;
        boolean normalize = defaultNormalize;
        String q = "";
        String p = "";
        JsonNode head = n.get("gte_spark");
        if (head != null) {
            pooling = Pooling.valueOf(head.path("pooling").asText("mean").toUpperCase(java.util.Locale.ROOT));
            normalize = head.path("normalize").asBoolean(true);
            q = head.path("query_prefix").asText("");
            p = head.path("passage_prefix").asText("");
        }
        return new BertConfig(
                required(n, "num_hidden_layers"),
                required(n, "hidden_size"),
                required(n, "num_attention_heads"),
                required(n, "intermediate_size"),
                required(n, "vocab_size"),
                required(n, "max_position_embeddings"),
                n.path("type_vocab_size").asInt(2),
                n.path("layer_norm_eps").asDouble(1e-12),
                n.path("hidden_dropout_prob").asDouble(0.1),
                n.path("attention_probs_dropout_prob").asDouble(0.1),
                n.path("initializer_range").asDouble(0.02),
                pooling,
                normalize,
                q,
                p);
    }

    private static int required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("config.json lacks integer '" + key + "'");
        }
        return v.asInt();
    }
}
