package io.github.gtespark.model;

import io.github.gtespark.model.layers.BertBlockLayer;
import io.github.gtespark.model.layers.BertEmbeddingLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BERT encoder's weights under Hugging Face {@code BertModel} names and layouts (linear weights {@code [out, in]}),
 * as fp32 tensors: the exchange format between ONNX import, safetensors files and the DL4J graph. Tensors the graph
 * does not use (the BERT pooler, {@code position_ids}) are kept as extras and written back on export.
 */
public final class BertWeights {

    /** One fp32 tensor: shape and row-major data. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
            }
        }

        INDArray toArray(DataType dataType) {
            return Nd4j.create(data, shape, 'c').castTo(dataType);
        }

        static Tensor of(INDArray a) {
            INDArray f = a.castTo(DataType.FLOAT).dup('c');
            return new Tensor(a.shape().clone(), f.data().asFloat());
        }
    }

    private final LinkedHashMap<String, Tensor> tensors;

    public BertWeights(Map<String, Tensor> tensors) {
        this.tensors = new LinkedHashMap<>(tensors);
    }

    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Missing weight '" + name + "'");
        }
        return t;
    }

    /** A graph layer parameter and the HF tensor it maps to; {@code transpose} for linear weights. */
    private record Binding(String layer, String param, String hfName, boolean transpose) {}

    private static List<Binding> bindings(BertConfig c) {
        List<Binding> b = new ArrayList<>();
        b.add(new Binding(
                BertEncoderFactory.TOKEN_EMBEDDINGS,
                DefaultParamInitializer.WEIGHT_KEY,
                "embeddings.word_embeddings.weight",
                false));
        String e = BertEncoderFactory.EMBEDDINGS;
        b.add(new Binding(e, BertEmbeddingLayer.POSITION_EMBEDDINGS, "embeddings.position_embeddings.weight", false));
        b.add(new Binding(
                e, BertEmbeddingLayer.TOKEN_TYPE_EMBEDDINGS, "embeddings.token_type_embeddings.weight", false));
        b.add(new Binding(e, BertEmbeddingLayer.LN_GAMMA, "embeddings.LayerNorm.weight", false));
        b.add(new Binding(e, BertEmbeddingLayer.LN_BETA, "embeddings.LayerNorm.bias", false));
        for (int i = 0; i < c.layers(); i++) {
            String l = BertEncoderFactory.blockName(i);
            String p = "encoder.layer." + i + ".";
            for (String qkv : new String[] {"query", "key", "value"}) {
                b.add(new Binding(l, qkv + "W", p + "attention.self." + qkv + ".weight", true));
                b.add(new Binding(l, qkv + "B", p + "attention.self." + qkv + ".bias", false));
            }
            b.add(new Binding(l, BertBlockLayer.ATTN_OUT_W, p + "attention.output.dense.weight", true));
            b.add(new Binding(l, BertBlockLayer.ATTN_OUT_B, p + "attention.output.dense.bias", false));
            b.add(new Binding(l, BertBlockLayer.ATTN_LN_GAMMA, p + "attention.output.LayerNorm.weight", false));
            b.add(new Binding(l, BertBlockLayer.ATTN_LN_BETA, p + "attention.output.LayerNorm.bias", false));
            b.add(new Binding(l, BertBlockLayer.FFN_IN_W, p + "intermediate.dense.weight", true));
            b.add(new Binding(l, BertBlockLayer.FFN_IN_B, p + "intermediate.dense.bias", false));
            b.add(new Binding(l, BertBlockLayer.FFN_OUT_W, p + "output.dense.weight", true));
            b.add(new Binding(l, BertBlockLayer.FFN_OUT_B, p + "output.dense.bias", false));
            b.add(new Binding(l, BertBlockLayer.OUT_LN_GAMMA, p + "output.LayerNorm.weight", false));
            b.add(new Binding(l, BertBlockLayer.OUT_LN_BETA, p + "output.LayerNorm.bias", false));
        }
        return b;
    }

    /** The HF names the encoder graph needs for {@code config}, in a canonical order. */
    public static List<String> requiredNames(BertConfig config) {
        return bindings(config).stream().map(Binding::hfName).toList();
    }

    /** Reads a graph's parameters (as fp32) under HF names; {@code extras} (e.g. a pooler) are carried along. */
    public static BertWeights fromGraph(ComputationGraph graph, BertConfig config, Map<String, Tensor> extras) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Binding b : bindings(config)) {
            INDArray p = graph.getLayer(b.layer()).getParam(b.param());
            out.put(b.hfName(), Tensor.of(b.transpose() ? p.transpose() : p));
        }
        if (extras != null) {
            extras.forEach(out::putIfAbsent);
        }
        return new BertWeights(out);
    }

    /** Tensors that are not graph parameters (e.g. {@code pooler.dense.weight}). */
    public Map<String, Tensor> extras(BertConfig config) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(tensors);
        requiredNames(config).forEach(m::remove);
        return m;
    }

    /** Copies these weights into the graph's parameters, checking every name and shape first. */
    public void applyTo(ComputationGraph graph, BertConfig config) {
        List<String> problems = new ArrayList<>();
        for (Binding b : bindings(config)) {
            Tensor t = tensors.get(b.hfName());
            INDArray p = graph.getLayer(b.layer()).getParam(b.param());
            long[] expected = b.transpose() ? new long[] {p.size(1), p.size(0)} : p.shape();
            if (t == null) {
                problems.add("missing " + b.hfName());
            } else if (!Arrays.equals(t.shape(), expected)) {
                problems.add(b.hfName() + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(expected));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Weights do not fit the BERT configuration: " + String.join("; ", problems));
        }
        for (Binding b : bindings(config)) {
            INDArray p = graph.getLayer(b.layer()).getParam(b.param());
            INDArray v = tensors.get(b.hfName()).toArray(p.dataType());
            p.assign(b.transpose() ? v.transpose() : v);
        }
    }
}
