package io.github.gtespark.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gtespark.fs.AtomicFsWriter;
import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertWeights;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.Pooling;
import io.github.gtespark.model.TokenizerFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Hugging Face / sentence-transformers model directory on any Hadoop FileSystem ({@code file:}, {@code hdfs://},
 * ...): {@code config.json}, {@code model.safetensors} (BertModel names, fp32), {@code vocab.txt},
 * {@code tokenizer.json} (when known), {@code tokenizer_config.json}, {@code special_tokens_map.json}, and the
 * sentence-transformers files {@code modules.json}, {@code sentence_bert_config.json},
 * {@code config_sentence_transformers.json}, {@code 1_Pooling/config.json} and {@code 2_Normalize/} (when
 * normalising), so that {@code SentenceTransformer(path)} and {@code AutoModel.from_pretrained(path)} load it.
 */
public final class HfModelDirectory {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String VOCAB = "vocab.txt";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    public static final String SPECIAL_TOKENS = "special_tokens_map.json";
    public static final String MODULES = "modules.json";
    public static final String SENTENCE_BERT_CONFIG = "sentence_bert_config.json";
    public static final String ST_CONFIG = "config_sentence_transformers.json";
    public static final String POOLING_CONFIG = "1_Pooling/config.json";
    public static final String NORMALIZE_DIR = "2_Normalize";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfModelDirectory() {}

    /**
     * Writes {@code model} to the directory {@code dirUri}, which must not exist yet: files go to a hidden sibling
     * directory first, which is then renamed into place (readers never see a partial model).
     */
    public static void write(EncoderModel model, String dirUri, Configuration hadoopConf) throws IOException {
        write(model, dirUri, hadoopConf, java.util.List.of());
    }

    /**
     * As {@link #write(EncoderModel, String, Configuration)}, recording the Matryoshka dimensions the model was trained
     * with ({@code train.matryoshka-dims}, when not empty) as {@code matryoshka_dims} in
     * {@code config_sentence_transformers.json}. {@code truncate_dim} stays unset, so that loading the model gives
     * the full embeddings by default; {@code SentenceTransformer(path, truncate_dim=d)} or {@code gte ... --dim d}
     * choose a smaller one.
     */
    public static void write(
            EncoderModel model, String dirUri, Configuration hadoopConf, java.util.List<Integer> matryoshkaDims)
            throws IOException {
        Path target = new Path(dirUri);
        FileSystem fs = fileSystem(target, hadoopConf);
        if (fs.exists(target)) {
            throw new IOException("Cannot export the model: " + target + " already exists");
        }
        Path tmp = AtomicFsWriter.temporarySibling(target);
        fs.mkdirs(tmp);
        try {
            writeFiles(model, matryoshkaDims, fs, tmp);
            AtomicFsWriter.publishDirectory(tmp.toString(), target.toString(), hadoopConf);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, true);
            throw e;
        }
    }

    private static void writeFiles(EncoderModel model, java.util.List<Integer> matryoshkaDims, FileSystem fs, Path dir)
            throws IOException {
        BertConfig c = model.config();
        put(fs, new Path(dir, CONFIG), c.toHfConfigJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (OutputStream out = new BufferedOutputStream(fs.create(new Path(dir, WEIGHTS), true), 1 << 20)) {
            SafeTensors.write(model.weights().tensors(), out);
        }
        byte[] vocab = model.vocabTxtBytes().orElseGet(() -> TokenizerFiles.vocabTxt(model.tokenizerJson()));
        put(fs, new Path(dir, VOCAB), vocab);
        if (model.tokenizerJson() != null) {
            put(fs, new Path(dir, TOKENIZER), model.tokenizerJson());
        }
        put(
                fs,
                new Path(dir, TOKENIZER_CONFIG),
                TokenizerFiles.tokenizerConfigJson(model.lowercase(), c.maxPositions()));
        put(fs, new Path(dir, SPECIAL_TOKENS), TokenizerFiles.specialTokensMapJson());

        ArrayNode modules = JSON.createArrayNode();
        modules.addObject()
                .put("idx", 0)
                .put("name", "0")
                .put("path", "")
                .put("type", "sentence_transformers.models.Transformer");
        modules.addObject()
                .put("idx", 1)
                .put("name", "1")
                .put("path", "1_Pooling")
                .put("type", "sentence_transformers.models.Pooling");
        if (c.normalize()) {
            modules.addObject()
                    .put("idx", 2)
                    .put("name", "2")
                    .put("path", NORMALIZE_DIR)
                    .put("type", "sentence_transformers.models.Normalize");
            fs.mkdirs(new Path(dir, NORMALIZE_DIR));
        }
        put(fs, new Path(dir, MODULES), JSON.writeValueAsBytes(modules));

        ObjectNode sbert = JSON.createObjectNode();
        sbert.put("max_seq_length", c.maxPositions());
        sbert.put("do_lower_case", false);
        put(fs, new Path(dir, SENTENCE_BERT_CONFIG), JSON.writeValueAsBytes(sbert));

        ObjectNode st = JSON.createObjectNode();
        ObjectNode prompts = st.putObject("prompts");
        if (!c.queryPrefix().isEmpty() || !c.passagePrefix().isEmpty()) {
            prompts.put("query", c.queryPrefix());
            prompts.put("passage", c.passagePrefix());
        }
        st.putNull("default_prompt_name");
        st.put("similarity_fn_name", "cosine");
        if (!matryoshkaDims.isEmpty()) {
            ArrayNode dims = st.putArray("matryoshka_dims");
            matryoshkaDims.forEach(dims::add);
        }
        put(fs, new Path(dir, ST_CONFIG), JSON.writeValueAsBytes(st));

        ObjectNode pooling = JSON.createObjectNode();
        pooling.put("word_embedding_dimension", c.hidden());
        pooling.put("pooling_mode_cls_token", c.pooling() == Pooling.CLS);
        pooling.put("pooling_mode_mean_tokens", c.pooling() == Pooling.MEAN);
        pooling.put("pooling_mode_max_tokens", false);
        pooling.put("pooling_mode_mean_sqrt_len_tokens", false);
        pooling.put("pooling_mode_weightedmean_tokens", false);
        pooling.put("pooling_mode_lasttoken", false);
        pooling.put("include_prompt", true);
        put(fs, new Path(dir, POOLING_CONFIG), JSON.writeValueAsBytes(pooling));
    }

    /**
     * The file system of {@code path}; for the local file system its raw form, so that no {@code .crc} side files
     * are written and hand-edited files (a common thing with model directories) still read.
     */
    private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    private static void put(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(bytes);
        }
    }

    private static byte[] readOptional(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    /** sentence-transformers up to 5: one boolean per pooling mode; exactly one of CLS and mean may be on. */
    private static Pooling poolingByFlags(JsonNode p, Path file) {
        boolean cls = p.path("pooling_mode_cls_token").asBoolean(false);
        boolean mean = p.path("pooling_mode_mean_tokens").asBoolean(false);
        if (cls == mean
                || p.path("pooling_mode_max_tokens").asBoolean(false)
                || p.path("pooling_mode_mean_sqrt_len_tokens").asBoolean(false)
                || p.path("pooling_mode_weightedmean_tokens").asBoolean(false)
                || p.path("pooling_mode_lasttoken").asBoolean(false)) {
            throw new IllegalArgumentException(
                    "Unsupported pooling in " + file + ": exactly one of CLS or mean pooling is supported");
        }
        return cls ? Pooling.CLS : Pooling.MEAN;
    }

    /** sentence-transformers 6: {@code "pooling_mode": "mean"} (or {@code "cls"}). */
    private static Pooling poolingByName(String mode, Path file) {
        switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "mean":
            case "mean_tokens":
                return Pooling.MEAN;
            case "cls":
            case "cls_token":
                return Pooling.CLS;
            default:
                throw new IllegalArgumentException("Unsupported pooling in " + file + ": pooling_mode '" + mode
                        + "'; only mean and cls pooling are supported");
        }
    }

    /**
     * Reads a model directory written by {@link #write} or by Hugging Face / sentence-transformers (BERT,
     * {@code model.safetensors}). Pooling and normalisation come from {@code config.json}'s {@code gte_spark}
     * object, else from {@code 1_Pooling/config.json} and {@code modules.json} (defaults: mean, normalised);
     * e5-style prefixes from the sentence-transformers prompts.
     */
    public static EncoderModel read(String dirUri, Configuration hadoopConf) throws IOException {
        Path dir = new Path(dirUri);
        FileSystem fs = fileSystem(dir, hadoopConf);
        byte[] configJson = readOptional(fs, new Path(dir, CONFIG));
        if (configJson == null) {
            throw new FileNotFoundException("Not a model directory: " + new Path(dir, CONFIG) + " is missing");
        }
        Pooling pooling = Pooling.MEAN;
        byte[] poolingJson = readOptional(fs, new Path(dir, POOLING_CONFIG));
        if (poolingJson != null) {
            JsonNode p = JSON.readTree(poolingJson);
            pooling = p.has("pooling_mode")
                    ? poolingByName(p.path("pooling_mode").asText(), new Path(dir, POOLING_CONFIG))
                    : poolingByFlags(p, new Path(dir, POOLING_CONFIG));
        }
        boolean normalize = true;
        byte[] modulesJson = readOptional(fs, new Path(dir, MODULES));
        if (modulesJson != null) {
            normalize = false;
            for (JsonNode m : JSON.readTree(modulesJson)) {
                if (m.path("type").asText().endsWith(".Normalize")) {
                    normalize = true;
                }
            }
        }
        BertConfig config = BertConfig.fromHfConfigJson(configJson, pooling, normalize);
        byte[] stJson = readOptional(fs, new Path(dir, ST_CONFIG));
        if (stJson != null && !JSON.readTree(configJson).has("gte_spark")) {
            JsonNode prompts = JSON.readTree(stJson).path("prompts");
            config = config.withPrefixes(
                    prompts.path("query").asText(""), prompts.path("passage").asText(""));
        }

        Path weightsPath = new Path(dir, WEIGHTS);
        if (!fs.exists(weightsPath)) {
            throw new FileNotFoundException(weightsPath + " is missing (only safetensors weights are supported; "
                    + "convert pytorch_model.bin with safetensors.torch.save_file)");
        }
        LinkedHashMap<String, BertWeights.Tensor> tensors;
        try (InputStream in = new BufferedInputStream(fs.open(weightsPath), 1 << 20)) {
            tensors = SafeTensors.read(in);
        }
        LinkedHashMap<String, BertWeights.Tensor> named = new LinkedHashMap<>();
        for (Map.Entry<String, BertWeights.Tensor> e : tensors.entrySet()) {
            String name = e.getKey().startsWith("bert.") ? e.getKey().substring(5) : e.getKey();
            if (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")) {
                named.put(name, e.getValue());
            }
        }
        byte[] tokenizerJson = readOptional(fs, new Path(dir, TOKENIZER));
        byte[] vocab = readOptional(fs, new Path(dir, VOCAB));
        if (tokenizerJson == null && vocab == null) {
            throw new FileNotFoundException("Model directory " + dir + " has neither tokenizer.json nor vocab.txt");
        }
        boolean lowercase;
        byte[] tokConfig = readOptional(fs, new Path(dir, TOKENIZER_CONFIG));
        if (tokConfig != null && JSON.readTree(tokConfig).has("do_lower_case")) {
            lowercase = JSON.readTree(tokConfig).path("do_lower_case").asBoolean();
        } else if (tokenizerJson != null) {
            lowercase = TokenizerFiles.lowercase(tokenizerJson);
        } else {
            lowercase = true;
        }
        return new EncoderModel(config, new BertWeights(named), tokenizerJson, vocab, lowercase);
    }
}
