package io.github.gtespark.model;

import io.github.gtespark.text.BertTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** Tiny BERT encoders (2 layers, random weights) with the real all-MiniLM-L6-v2 tokenizer, for fast model tests. */
public final class TinyEncoderModels {

    private TinyEncoderModels() {}

    /** A 2-layer encoder of the given hidden size, weights drawn from {@code seed}; a BERT pooler extra when asked. */
    public static EncoderModel random(long seed, int hidden, Pooling pooling, String queryPrefix, boolean pooler)
            throws IOException {
        byte[] json;
        try (var in = TinyEncoderModels.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            json = in.readAllBytes();
        }
        int vocab =
                BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json)).vocabSize();
        BertConfig config = new BertConfig(
                2, hidden, 2, 2 * hidden, vocab, 32, 2, 1e-12, 0.1, 0.1, 0.02, pooling, true, queryPrefix, "");
        ComputationGraph graph = BertEncoderFactory.build(config, 16, DataType.FLOAT, seed);
        Map<String, BertWeights.Tensor> extras = new LinkedHashMap<>();
        if (pooler) {
            float[] w = new float[hidden * hidden];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) Math.sin(seed + i);
            }
            extras.put("pooler.dense.weight", new BertWeights.Tensor(new long[] {hidden, hidden}, w));
        }
        return new EncoderModel(config, BertWeights.fromGraph(graph, config, extras), json, null, true);
    }
}
