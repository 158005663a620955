package io.github.gtespark.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face {@code tokenizer.json} of the BERT WordPiece family into a {@link BertTokenizer}: the
 * {@code BertNormalizer} flags, the {@code WordPiece} vocabulary and settings, the added tokens and the
 * {@code [CLS] $A [SEP]} post-processor. Anything else (another normalizer, pre-tokenizer, model or template)
 * is rejected with an {@link IllegalArgumentException} naming what is unsupported, since silently tokenizing
 * differently from the reference would corrupt a model's input.
 */
final class TokenizerJsonReader {

    private TokenizerJsonReader() {}

    static BertTokenizer read(byte[] json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tokenizer.json is not a JSON object");
        }
        JsonNode model = require(root, "model");
        if (!"WordPiece".equals(model.path("type").asText(null))) {
            throw new IllegalArgumentException(
                    "unsupported tokenizer model " + model.path("type") + ": only WordPiece is supported");
        }
        String[] vocab = readVocab(require(model, "vocab"));
        String unkToken = model.path("unk_token").asText("[UNK]");
        String prefix = model.path("continuing_subword_prefix").asText("##");
        int maxChars = model.path("max_input_chars_per_word").asInt(100);

        JsonNode normalizer = require(root, "normalizer");
        if (!"BertNormalizer".equals(normalizer.path("type").asText(null))) {
            throw new IllegalArgumentException(
                    "unsupported normalizer " + normalizer.path("type") + ": only BertNormalizer is supported");
        }
        boolean cleanText = normalizer.path("clean_text").asBoolean(true);
        boolean chinese = normalizer.path("handle_chinese_chars").asBoolean(true);
        boolean lowercase = normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;

        JsonNode preTokenizer = require(root, "pre_tokenizer");
        if (!"BertPreTokenizer".equals(preTokenizer.path("type").asText(null))) {
            throw new IllegalArgumentException(
                    "unsupported pre_tokenizer " + preTokenizer.path("type") + ": only BertPreTokenizer is supported");
        }

        int[] clsSep = readClsSep(require(root, "post_processor"));

        List<AddedTokenMatcher.AddedToken> added = new ArrayList<>();
        for (JsonNode t : root.path("added_tokens")) {
            String content = t.path("content").asText();
            int id = t.path("id").asInt(-1);
            if (id < 0 || id >= vocab.length || !vocab[id].equals(content)) {
                throw new IllegalArgumentException("added token " + content + " (id " + id
                        + ") is not the vocabulary's token with that id: unsupported");
            }
            if (t.path("normalized").asBoolean(false)
                    || t.path("single_word").asBoolean(false)
                    || t.path("lstrip").asBoolean(false)
                    || t.path("rstrip").asBoolean(false)) {
                throw new IllegalArgumentException(
                        "added token " + content + " uses normalized/single_word/lstrip/rstrip: unsupported");
            }
            added.add(new AddedTokenMatcher.AddedToken(content, id));
        }

        int unkId = idOf(vocab, unkToken, "unk_token");
        JsonNode padding = root.path("padding");
        int padId = padding.isObject() && padding.has("pad_id")
                ? padding.path("pad_id").asInt()
                : idOf(vocab, "[PAD]", "padding token");
        return new BertTokenizer(
                vocab,
                prefix,
                maxChars,
                cleanText,
                chinese,
                stripAccents,
                lowercase,
                padId,
                unkId,
                clsSep[0],
                clsSep[1],
                added,
                json);
    }

    private static String[] readVocab(JsonNode vocabNode) {
        if (!vocabNode.isObject()) {
            throw new IllegalArgumentException("model.vocab is not an object of token -> id");
        }
        String[] vocab = new String[vocabNode.size()];
        Iterator<Map.Entry<String, JsonNode>> fields = vocabNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= vocab.length || vocab[id] != null) {
                throw new IllegalArgumentException("model.vocab ids are not 0.." + (vocab.length - 1)
                        + " without gaps (token " + e.getKey() + " has id " + e.getValue() + ")");
            }
            vocab[id] = e.getKey();
        }
        return vocab;
    }

    /** The ids of the special tokens before and after the sequence in the single-sequence template. */
    private static int[] readClsSep(JsonNode post) {
        String type = post.path("type").asText(null);
        if ("BertProcessing".equals(type)) {
            return new int[] {
                require(post, "cls").path(1).asInt(-1),
                require(post, "sep").path(1).asInt(-1)
            };
        }
        if (!"TemplateProcessing".equals(type)) {
            throw new IllegalArgumentException("unsupported post_processor " + type
                    + ": only TemplateProcessing and BertProcessing are supported");
        }
        JsonNode single = require(post, "single");
        boolean shape = single.size() == 3
                && single.path(0).has("SpecialToken")
                && "A".equals(single.path(1).path("Sequence").path("id").asText(null))
                && single.path(2).has("SpecialToken");
        if (!shape) {
            throw new IllegalArgumentException(
                    "unsupported single-sequence template " + single + ": expected <special> $A <special>");
        }
        return new int[] {specialId(post, single.path(0)), specialId(post, single.path(2))};
    }

    private static int specialId(JsonNode post, JsonNode templatePiece) {
        String name = templatePiece.path("SpecialToken").path("id").asText();
        JsonNode ids = post.path("special_tokens").path(name).path("ids");
        if (ids.size() != 1) {
            throw new IllegalArgumentException("special token " + name + " of the template must map to one id: " + ids);
        }
        return ids.path(0).asInt();
    }

    private static int idOf(String[] vocab, String token, String what) {
        for (int i = 0; i < vocab.length; i++) {
            if (vocab[i].equals(token)) {
                return i;
            }
        }
        throw new IllegalArgumentException(what + " " + token + " is not in the vocabulary");
    }

    private static JsonNode require(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("tokenizer.json has no " + field);
        }
        return node;
    }
}
