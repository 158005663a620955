package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-written edge cases ({@link CraftedTexts}) against Hugging Face {@code tokenizers}, for the bundled
 * bert-base-uncased tokenizer and for variants of its normalizer settings (cased, accents kept or stripped
 * explicitly, clean_text and handle_chinese_chars off), plus a few expectations spelled out by hand.
 */
class BertTokenizerCraftedCasesTest {

    private static final int[] MAX_LENGTHS = {0, 8, 128, 512};

    @Test
    void craftedTextsMatchTheReference() {
        byte[] json = HuggingFaceReference.resource(BertTokenizerParityTest.MINILM_TOKENIZER_JSON);
        assertParity("bert-base-uncased", json, BertTokenizer.bertBaseUncased(), CraftedTexts.all());
    }

    @ParameterizedTest(name = "lowercase={0} strip_accents={1} clean_text={2} handle_chinese_chars={3}")
    @CsvSource({
        "false, , true, true",
        "true, false, true, true",
        "false, true, true, true",
        "true, , false, true",
        "true, , true, false",
        "false, false, false, false",
    })
    void normalizerVariantsMatchTheReference(
            boolean lowercase, Boolean stripAccents, boolean cleanText, boolean chineseChars) throws IOException {
        byte[] json = normalizerVariant(lowercase, stripAccents, cleanText, chineseChars);
        BertTokenizer tokenizer = BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json));
        assertEquals(lowercase, tokenizer.lowercase());
        assertEquals(stripAccents != null ? stripAccents : lowercase, tokenizer.stripAccents());
        List<String> texts = new ArrayList<>(CraftedTexts.all());
        texts.addAll(RealTextSamples.stsb().subList(0, 1000));
        assertParity("variant " + tokenizer, json, tokenizer, texts);
    }

    @Test
    void handWrittenExpectations() {
        BertTokenizer t = BertTokenizer.bertBaseUncased();
        assertEquals(List.of("cafe", "naive", "ang", "##strom"), t.tokenize("café naïve Ångström"));
        assertEquals(List.of("hello", ",", "world", "!"), t.tokenize("Hello,\tWORLD!"));
        assertEquals(List.of("中", "文"), t.tokenize("中文"));
        assertEquals(List.of("a", "[MASK]", "b"), t.tokenize("a [MASK] b"));
        assertEquals(List.of("[", "mask", "]"), t.tokenize("[mask]"));
        assertEquals(List.of("[UNK]"), t.tokenize("a".repeat(101)));
        assertEquals(List.of("una", "##ffa", "##ble"), t.tokenize("unaffable"));
        assertEquals(t.tokenize("zerowidth"), t.tokenize("zero\u200Bwidth"), "format characters are dropped");
        assertEquals(t.tokenize("nulchar"), t.tokenize("nul\u0000char"), "control characters are dropped");
        assertEquals(t.tokenize("a b c d"), t.tokenize("a\tb\nc\rd"), "tab, newline, CR are spaces");
        assertEquals(t.tokenize("verticaltab"), t.tokenize("vertical\u000Btab"), "U+000B is a dropped control");
        assertEquals(List.of(), t.tokenize(" \t\n\u3000"));
        assertEquals(List.of("[UNK]", "x"), t.tokenize("😀 x"));
    }

    /** The bundled tokenizer.json with other BertNormalizer flags ({@code stripAccents} null: JSON null). */
    static byte[] normalizerVariant(boolean lowercase, Boolean stripAccents, boolean cleanText, boolean chineseChars)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode)
                mapper.readTree(HuggingFaceReference.resource(BertTokenizerParityTest.MINILM_TOKENIZER_JSON));
        ObjectNode normalizer = (ObjectNode) root.get("normalizer");
        normalizer.put("lowercase", lowercase);
        if (stripAccents == null) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", stripAccents);
        }
        normalizer.put("clean_text", cleanText);
        normalizer.put("handle_chinese_chars", chineseChars);
        return mapper.writeValueAsBytes(root);
    }

    static void assertParity(String what, byte[] json, BertTokenizer tokenizer, List<String> texts) {
        int compared = 0;
        for (int maxLength : MAX_LENGTHS) {
            try (HuggingFaceReference reference = HuggingFaceReference.load(json, maxLength)) {
                compared += reference.assertSameIds(what, texts, tokenizer, maxLength);
            }
        }
        System.out.printf(
                "parity %s: %d texts, %d encodings compared (max length none/8/128/512), 0 mismatches%n",
                what, texts.size(), compared);
    }
}
