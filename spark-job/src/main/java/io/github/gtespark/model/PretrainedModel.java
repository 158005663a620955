package io.github.gtespark.model;

/**
 * A built-in encoder: an fp32 ONNX export and its {@code tokenizer.json}, read from the classpath (langchain4j's
 * embedding jars), plus what ONNX does not record (attention heads, pooling, normalisation, prefixes).
 */
public record PretrainedModel(
        String name,
        String onnxResource,
        String tokenizerResource,
        String mavenArtifact,
        int heads,
        double layerNormEps,
        Pooling pooling,
        boolean normalize,
        String queryPrefix,
        String passagePrefix) {}
