package io.github.gtespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BERT WordPiece tokenizer files of a Hugging Face model directory, derived from each other:
 * {@code vocab.txt} from a {@code tokenizer.json}, the lowercase flag, {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}.
 */
public final class TokenizerFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {}

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenizer.json is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Whether the tokenizer.json's BERT normalizer lowercases (true when unspecified, as for BERT uncased). */
    public static boolean lowercase(byte[] tokenizerJson) {
        JsonNode norm = parse(tokenizerJson).path("normalizer");
        return norm.path("lowercase").asBoolean(true);
    }

    /** {@code vocab.txt} (one token per line, line number = id) from a WordPiece tokenizer.json. */
    public static byte[] vocabTxt(byte[] tokenizerJson) {
        JsonNode vocab = parse(tokenizerJson).path("model").path("vocab");
        if (!vocab.isObject()) {
            throw new IllegalArgumentException("tokenizer.json has no model.vocab object (not a WordPiece tokenizer)");
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (byId.put(e.getValue().asInt(), e.getKey()) != null) {
                throw new IllegalArgumentException(
                        "tokenizer.json maps two tokens to id " + e.getValue().asInt());
            }
        }
        StringBuilder sb = new StringBuilder();
        int expected = 0;
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() != expected) {
                throw new IllegalArgumentException("tokenizer.json vocabulary has a gap at id " + expected);
            }
            sb.append(e.getValue()).append('\n');
            expected++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Number of entries of a {@code vocab.txt}. */
    public static int vocabSize(byte[] vocabTxt) {
        String s = new String(vocabTxt, StandardCharsets.UTF_8);
        return (int) s.lines().count();
    }

    public static byte[] tokenizerConfigJson(boolean lowercase, int maxLength) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tokenizer_class", "BertTokenizer");
        n.put("do_lower_case", lowercase);
        n.put("strip_accents", (String) null);
        n.put("tokenize_chinese_chars", true);
        n.put("model_max_length", maxLength);
        n.put("clean_up_tokenization_spaces", true);
        n.put("unk_token", "[UNK]");
        n.put("sep_token", "[SEP]");
        n.put("pad_token", "[PAD]");
        n.put("cls_token", "[CLS]");
        n.put("mask_token", "[MASK]");
        return write(n);
    }

    public static byte[] specialTokensMapJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("unk_token", "[UNK]");
        n.put("sep_token", "[SEP]");
        n.put("pad_token", "[PAD]");
        n.put("cls_token", "[CLS]");
        n.put("mask_token", "[MASK]");
        return write(n);
    }

    private static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
