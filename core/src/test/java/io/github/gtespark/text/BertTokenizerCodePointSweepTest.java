package io.github.gtespark.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every code point class against Hugging Face {@code tokenizers}: each code point c is tokenized in the probe
 * {@code "a" + c + "b " + c + " X" + c} (inside a word, alone, after an uppercase letter), which tells apart
 * dropped characters (controls, non-spacing marks), whitespace, punctuation, CJK spacing, NFD decompositions and
 * lowercase mappings. Covers all of planes 0, 1 and 14, and samples the CJK ideograph blocks, planes 2-3 and the
 * private-use planes 15-16. Run for the uncased tokenizer and a cased one that keeps accents.
 */
class BertTokenizerCodePointSweepTest {

    @Test
    void uncasedTokenizerAgreesOnEveryCodePoint() {
        byte[] json = HuggingFaceReference.resource(BertTokenizerParityTest.MINILM_TOKENIZER_JSON);
        sweep("bert-base-uncased", json, BertTokenizer.bertBaseUncased());
    }

    @Test
    void casedTokenizerAgreesOnEveryCodePoint() throws IOException {
        byte[] json = BertTokenizerCraftedCasesTest.normalizerVariant(false, null, true, true);
        sweep("cased variant", json, BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json)));
    }

    private static void sweep(String what, byte[] json, BertTokenizer tokenizer) {
        List<String> probes = new ArrayList<>();
        for (int cp = 0; cp <= 0x10FFFF; cp += step(cp)) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            String c = new String(Character.toChars(cp));
            probes.add("a" + c + "b " + c + " X" + c);
        }
        try (HuggingFaceReference reference = HuggingFaceReference.load(json, 0)) {
            reference.assertSameIds(what + " code point sweep", probes, tokenizer, 0);
        }
        System.out.printf("code point sweep %s: %d code points, 0 mismatches%n", what, probes.size());
    }

    /** 1 where categories vary; larger strides inside uniform blocks (CJK ideographs, private use, empty planes). */
    private static int step(int cp) {
        if ((cp >= 0x3400 && cp < 0x4DB0) || (cp >= 0x4E00 && cp < 0x9FF0) || (cp >= 0xAC00 && cp < 0xD7A0)) {
            return 7;
        }
        if (cp >= 0xE000 && cp < 0xF8F0) {
            return 13;
        }
        if (cp >= 0x20000 && cp < 0xE0000) {
            return 31;
        }
        if (cp >= 0xF0000) {
            return 101;
        }
        return 1;
    }
}
