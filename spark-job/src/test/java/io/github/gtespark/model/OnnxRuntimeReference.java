package io.github.gtespark.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Independent reference encoder for the parity tests: the same ONNX file run by ONNX Runtime, one text at a time
 * (no padding), with mean or CLS pooling and L2 normalisation done here on {@code last_hidden_state}.
 */
final class OnnxRuntimeReference implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Pooling pooling;
    private final boolean normalize;

    OnnxRuntimeReference(String onnxResource, Pooling pooling, boolean normalize) throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(onnxResource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + onnxResource);
            }
            bytes = in.readAllBytes();
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        this.session = env.createSession(bytes, options);
        this.pooling = pooling;
        this.normalize = normalize;
    }

    float[] embed(int[] ids) throws OrtException {
        return embedBatch(List.of(ids))[0];
    }

    /** One padded batch: attention_mask marks the real tokens, mean pooling is masked. */
    float[][] embedBatch(List<int[]> batch) throws OrtException {
        int rows = batch.size();
        int width = batch.stream().mapToInt(x -> x.length).max().orElse(0);
        long[][] idArr = new long[rows][width];
        long[][] mask = new long[rows][width];
        long[][] types = new long[rows][width];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < batch.get(r).length; t++) {
                idArr[r][t] = batch.get(r)[t];
                mask[r][t] = 1;
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, idArr));
            if (session.getInputNames().contains("attention_mask")) {
                inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            }
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            }
            try (OrtSession.Result res = session.run(inputs)) {
                float[][][] hidden = (float[][][]) res.get(0).getValue();
                float[][] out = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    int len = batch.get(r).length;
                    int dim = hidden[r][0].length;
                    double[] pooled = new double[dim];
                    if (pooling == Pooling.CLS) {
                        for (int d = 0; d < dim; d++) {
                            pooled[d] = hidden[r][0][d];
                        }
                    } else {
                        for (int t = 0; t < len; t++) {
                            for (int d = 0; d < dim; d++) {
                                pooled[d] += hidden[r][t][d];
                            }
                        }
                        for (int d = 0; d < dim; d++) {
                            pooled[d] /= len;
                        }
                    }
                    double norm = 0;
                    for (double v : pooled) {
                        norm += v * v;
                    }
                    norm = normalize ? Math.sqrt(norm) : 1.0;
                    out[r] = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        out[r][d] = (float) (pooled[d] / norm);
                    }
                }
                return out;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Batches of up to 32 texts of similar length (sorted), results in input order. */
    float[][] embedBatched(List<int[]> ids) throws OrtException {
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(ids.get(y).length, ids.get(x).length));
        float[][] out = new float[ids.size()][];
        for (int start = 0; start < order.length; start += 32) {
            List<int[]> batch = new java.util.ArrayList<>();
            for (int i = start; i < Math.min(order.length, start + 32); i++) {
                batch.add(ids.get(order[i]));
            }
            float[][] e = embedBatch(batch);
            for (int i = 0; i < e.length; i++) {
                out[order[start + i]] = e[i];
            }
        }
        return out;
    }

    float[][] embedAll(List<int[]> ids) throws OrtException {
        float[][] out = new float[ids.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(ids.get(i));
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
