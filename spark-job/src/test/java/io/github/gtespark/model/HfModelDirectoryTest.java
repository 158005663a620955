package io.github.gtespark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.model.hf.SafeTensors;
import io.github.gtespark.text.BertTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Hugging Face directory export/import: exact round trips, sentence-transformers files, safetensors layout, HDFS. */
class HfModelDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bert-base-uncased tokenizer.json shipped in the all-MiniLM-L6-v2 jar. */
    private static byte[] tokenizerJson() throws IOException {
        try (var in =
                HfModelDirectoryTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            return in.readAllBytes();
        }
    }

    private static EncoderModel tinyModel(Pooling pooling, boolean normalize) throws IOException {
        byte[] json = tokenizerJson();
        BertTokenizer tok = BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json));
        BertConfig config = new BertConfig(
                2,
                16,
                2,
                32,
                tok.vocabSize(),
                64,
                2,
                1e-12,
                0.1,
                0.1,
                0.02,
                pooling,
                normalize,
                "query: ",
                "passage: ");
        ComputationGraph graph = BertEncoderFactory.build(config, 16, DataType.FLOAT, 21);
        return new EncoderModel(config, BertWeights.fromGraph(graph, config, Map.of()), json, null, true);
    }

    private static void assertSameWeights(BertWeights a, BertWeights b) {
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (String k : a.tensors().keySet()) {
            assertArrayEquals(a.get(k).shape(), b.get(k).shape(), k);
            assertArrayEquals(a.get(k).data(), b.get(k).data(), 0f, k);
        }
    }

    @Test
    void builtInModelRoundTripIsBitwiseExact(@TempDir Path dir) throws Exception {
        EncoderModel imported = PretrainedModels.load("all-minilm-l6-v2");
        ComputationGraph graph = imported.toGraph(DataType.FLOAT, 128);
        EncoderModel fromGraph = imported.withGraph(graph);
        assertSameWeights(imported, fromGraph);

        Configuration conf = new Configuration();
        String uri = dir.resolve("minilm").toUri().toString();
        HfModelDirectory.write(fromGraph, uri, conf);
        EncoderModel reread = HfModelDirectory.read(uri, conf);
        assertEquals(imported.config(), reread.config());
        assertArrayEquals(imported.tokenizerJson(), reread.tokenizerJson());
        ComputationGraph graph2 = reread.toGraph(DataType.FLOAT, 128);
        assertEquals(graph.params(), graph2.params());
        assertArrayEquals(
                graph.params().data().asFloat(), graph2.params().data().asFloat(), 0f);

        String uri2 = dir.resolve("minilm2").toUri().toString();
        HfModelDirectory.write(reread.withGraph(graph2), uri2, conf);
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("minilm/model.safetensors")),
                Files.readAllBytes(dir.resolve("minilm2/model.safetensors")));

        // the files sentence-transformers and transformers read
        JsonNode modules = JSON.readTree(dir.resolve("minilm/modules.json").toFile());
        assertEquals(3, modules.size());
        assertEquals(
                "sentence_transformers.models.Normalize",
                modules.get(2).get("type").asText());
        JsonNode pooling =
                JSON.readTree(dir.resolve("minilm/1_Pooling/config.json").toFile());
        assertTrue(pooling.get("pooling_mode_mean_tokens").asBoolean());
        assertFalse(pooling.get("pooling_mode_cls_token").asBoolean());
        assertEquals(384, pooling.get("word_embedding_dimension").asInt());
        assertTrue(Files.isDirectory(dir.resolve("minilm/2_Normalize")));
        JsonNode config = JSON.readTree(dir.resolve("minilm/config.json").toFile());
        assertEquals("bert", config.get("model_type").asText());
        assertEquals(6, config.get("num_hidden_layers").asInt());
        assertEquals(12, config.get("num_attention_heads").asInt());
        List<String> vocab = Files.readAllLines(dir.resolve("minilm/vocab.txt"));
        assertEquals(30522, vocab.size());
        assertEquals("[PAD]", vocab.get(0));
        assertEquals("[CLS]", vocab.get(101));
        assertTrue(JSON.readTree(dir.resolve("minilm/tokenizer_config.json").toFile())
                .get("do_lower_case")
                .asBoolean());
        // writing over an existing directory is refused
        assertThrows(IOException.class, () -> HfModelDirectory.write(reread, uri, conf));
    }

    @Test
    void safetensorsLayoutFollowsTheFormat() throws Exception {
        Map<String, BertWeights.Tensor> t = new LinkedHashMap<>();
        t.put(
                "encoder.layer.0.attention.self.query.weight",
                new BertWeights.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("b", new BertWeights.Tensor(new long[] {1}, new float[] {-0.5f}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(t, out);
        byte[] bytes = out.toByteArray();
        long headerLen =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8);
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        JsonNode q = header.get("encoder.layer.0.attention.self.query.weight");
        assertEquals("F32", q.get("dtype").asText());
        assertEquals("[2,3]", q.get("shape").toString());
        assertEquals("[0,24]", q.get("data_offsets").toString());
        assertEquals("[24,28]", header.get("b").get("data_offsets").toString());
        assertEquals(8 + headerLen + 28, bytes.length);
        assertEquals(6f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + headerLen + 20)));
        Map<String, BertWeights.Tensor> back = SafeTensors.read(new ByteArrayInputStream(bytes));
        assertEquals(t.keySet(), back.keySet());
        assertArrayEquals(t.get("b").data(), back.get("b").data(), 0f);
        assertArrayEquals(
                t.get("encoder.layer.0.attention.self.query.weight").data(),
                back.get("encoder.layer.0.attention.self.query.weight").data(),
                0f);
    }

    @Test
    void matryoshkaDimensionsAreRecordedAndTheModelStillReads(@TempDir Path dir) throws Exception {
        EncoderModel model = tinyModel(Pooling.MEAN, true);
        Configuration conf = new Configuration();
        String plain = dir.resolve("plain").toUri().toString();
        String trained = dir.resolve("mrl").toUri().toString();
        HfModelDirectory.write(model, plain, conf);
        HfModelDirectory.write(model, trained, conf, List.of(8, 4, 2));
        JsonNode st =
                JSON.readTree(dir.resolve("mrl/" + HfModelDirectory.ST_CONFIG).toFile());
        assertEquals("[8,4,2]", st.get("matryoshka_dims").toString());
        assertTrue(st.get("truncate_dim") == null, "full embeddings by default: " + st);
        assertTrue(
                JSON.readTree(dir.resolve("plain/" + HfModelDirectory.ST_CONFIG).toFile())
                                .get("matryoshka_dims")
                        == null);
        assertEquals(model.config(), HfModelDirectory.read(trained, conf).config());
    }

    @Test
    void plainSentenceTransformersDirectoryTakesPoolingFromItsFiles(@TempDir Path dir) throws Exception {
        EncoderModel model = tinyModel(Pooling.CLS, true);
        Configuration conf = new Configuration();
        String uri = dir.resolve("cls").toUri().toString();
        HfModelDirectory.write(model, uri, conf);
        // a directory as Hugging Face writes it: no gte_spark entry, no tokenizer.json
        Path configPath = dir.resolve("cls/config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(configPath.toFile());
        config.remove("gte_spark");
        Files.write(configPath, JSON.writeValueAsBytes(config));
        Files.delete(dir.resolve("cls/tokenizer.json"));
        EncoderModel back = HfModelDirectory.read(uri, conf);
        assertEquals(Pooling.CLS, back.config().pooling());
        assertTrue(back.config().normalize());
        assertEquals("query: ", back.config().queryPrefix());
        assertEquals(model.config(), back.config());
        assertSameWeights(model.weights(), back.weights());
        // the vocab.txt tokenizer encodes like the tokenizer.json one
        TextEmbedder a = TextEmbedder.of(model, 64, 4);
        TextEmbedder b = TextEmbedder.of(back, 64, 4);
        List<String> texts = List.of("A man is playing a flute.", "Héllo wörld, naïve café!");
        float[][] ea = a.embed(texts, true);
        float[][] eb = b.embed(texts, true);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(ea[i], eb[i], 0f);
        }
    }

    @Test
    void sentenceTransformers6PoolingByNameIsRead(@TempDir Path dir) throws Exception {
        // sentence-transformers 6 writes {"embedding_dimension": 384, "pooling_mode": "mean", "include_prompt": true}
        Configuration conf = new Configuration();
        for (Pooling pooling : Pooling.values()) {
            EncoderModel model = tinyModel(pooling, true);
            String name = pooling.name().toLowerCase(java.util.Locale.ROOT);
            String uri = dir.resolve(name).toUri().toString();
            HfModelDirectory.write(model, uri, conf);
            Files.writeString(
                    dir.resolve(name + "/1_Pooling/config.json"),
                    "{\"embedding_dimension\": 8, \"pooling_mode\": \"" + name + "\", \"include_prompt\": true}");
            assertEquals(pooling, HfModelDirectory.read(uri, conf).config().pooling());
        }
        String uri = dir.resolve("mean").toUri().toString();
        Files.writeString(dir.resolve("mean/1_Pooling/config.json"), "{\"pooling_mode\": \"max\"}");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> HfModelDirectory.read(uri, conf));
        assertTrue(e.getMessage().contains("pooling_mode 'max'"), e.getMessage());
    }

    @Test
    void roundTripThroughHdfs(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        MiniDFSCluster cluster =
                new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            String uri = cluster.getFileSystem().getUri() + "/models/tiny";
            EncoderModel model = tinyModel(Pooling.MEAN, false);
            HfModelDirectory.write(model, uri, conf);
            EncoderModel back = HfModelDirectory.read(uri, conf);
            assertEquals(model.config(), back.config());
            assertSameWeights(model.weights(), back.weights());
            assertArrayEquals(model.tokenizerJson(), back.tokenizerJson());
        } finally {
            cluster.shutdown();
        }
    }

    private static void assertSameWeights(EncoderModel a, EncoderModel b) {
        assertSameWeights(a.weights(), b.weights());
    }
}
