package io.github.gtespark.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A complete sentence encoder outside DL4J: configuration, weights under Hugging Face names and the tokenizer files
 * ({@code tokenizer.json} and/or {@code vocab.txt}, as bytes). What built-in models, ONNX imports and Hugging Face
 * directories load into, and what exports write.
 */
public record EncoderModel(
        BertConfig config, BertWeights weights, byte[] tokenizerJson, byte[] vocabTxt, boolean lowercase) {

    public EncoderModel {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        if (tokenizerJson == null && vocabTxt == null) {
            throw new IllegalArgumentException("An encoder model needs tokenizer.json or vocab.txt");
        }
    }

    public Optional<byte[]> tokenizerJsonBytes() {
        return Optional.ofNullable(tokenizerJson);
    }

    public Optional<byte[]> vocabTxtBytes() {
        return Optional.ofNullable(vocabTxt);
    }

    /** Builds the DL4J encoder graph with these weights. */
    public ComputationGraph toGraph(DataType dataType, int seqLen) {
        ComputationGraph graph = BertEncoderFactory.build(config, Math.min(seqLen, config.maxPositions()), dataType, 0);
        weights.applyTo(graph, config);
        return graph;
    }

    /** The model with the weights of a (trained) graph; extra tensors (BERT pooler) and tokenizer are kept. */
    public EncoderModel withGraph(ComputationGraph graph) {
        Map<String, BertWeights.Tensor> extras = weights.extras(config);
        return new EncoderModel(
                config, BertWeights.fromGraph(graph, config, extras), tokenizerJson, vocabTxt, lowercase);
    }

    public EncoderModel withConfig(BertConfig newConfig) {
        return new EncoderModel(newConfig, weights, tokenizerJson, vocabTxt, lowercase);
    }
}
