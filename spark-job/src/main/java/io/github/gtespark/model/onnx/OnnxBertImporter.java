package io.github.gtespark.model.onnx;

import io.github.gtespark.model.BertWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx;

/**
 * Reads the weights of a BERT encoder exported to ONNX by Hugging Face Optimum / {@code torch.onnx} (fp32), into
 * {@link BertWeights} under Hugging Face {@code BertModel} names. The ONNX protobuf is parsed with the ONNX message
 * classes that ND4J ships ({@code onnx.Onnx}, generated from the official {@code onnx.proto}).
 *
 * <p>Named initializers (embeddings, LayerNorm parameters, biases) keep their names. The linear weights are
 * unnamed initializers ({@code onnx::MatMul_*}) stored {@code [in, out]}; they are identified by the MatMul node
 * consuming them ({@code /encoder/layer.0/attention/self/query/MatMul} becomes
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed to HF's {@code [out, in]}.
 */
public final class OnnxBertImporter {

    private OnnxBertImporter() {}

    /** Reads the model from {@code in} (not closed). */
    public static BertWeights read(InputStream in) throws IOException {
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(in);
        return fromGraph(model.getGraph());
    }

    static BertWeights fromGraph(Onnx.GraphProto graph) {
        Map<String, Onnx.TensorProto> initializers = new HashMap<>();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        LinkedHashMap<String, BertWeights.Tensor> out = new LinkedHashMap<>();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            String name = t.getName();
            if ((name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler."))
                    && t.getDataType() == Onnx.TensorProto.DataType.FLOAT_VALUE) {
                out.put(name, toTensor(t, false));
            }
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("MatMul") || node.getInputCount() != 2) {
                continue;
            }
            Onnx.TensorProto weight = initializers.get(node.getInput(1));
            String nodeName = node.getName();
            if (weight == null || !nodeName.endsWith("/MatMul") || weight.getDimsCount() != 2) {
                continue;
            }
            String module = nodeName.substring(nodeName.startsWith("/") ? 1 : 0, nodeName.length() - "/MatMul".length())
                    .replace('/', '.');
            out.put(module + ".weight", toTensor(weight, true));
        }
        if (!out.containsKey("embeddings.word_embeddings.weight")) {
            throw new IllegalArgumentException("The ONNX graph has no 'embeddings.word_embeddings.weight' initializer: "
                    + "not a Hugging Face BERT export");
        }
        return new BertWeights(out);
    }

    private static BertWeights.Tensor toTensor(Onnx.TensorProto t, boolean transpose) {
        if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("Initializer " + t.getName() + " is not fp32 (ONNX type "
                    + t.getDataType() + "): only fp32 models are supported");
        }
        long[] shape = new long[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
            n *= shape[i];
        }
        float[] data = new float[Math.toIntExact(n)];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().get(data);
        } else if (t.getFloatDataCount() == data.length) {
            for (int i = 0; i < data.length; i++) {
                data[i] = t.getFloatData(i);
            }
        } else {
            throw new IllegalArgumentException("Initializer " + t.getName() + " has neither raw_data nor float_data "
                    + "(external data is not supported)");
        }
        if (!transpose) {
            return new BertWeights.Tensor(shape, data);
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] tr = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                tr[c * rows + r] = data[r * cols + c];
            }
        }
        return new BertWeights.Tensor(new long[] {cols, rows}, tr);
    }
}
