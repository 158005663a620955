package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokenizer.json files of e5-small-v2 and bge-small-en-v1.5 (langchain4j model jars, test dependencies) load
 * and tokenize exactly like Hugging Face {@code tokenizers} with the same file.
 */
class BertTokenizerOtherModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"e5-small-v2-tokenizer.json", "bge-small-en-v1.5-tokenizer.json"})
    void matchesTheReference(String resource) throws IOException {
        byte[] json = HuggingFaceReference.resource(resource);
        BertTokenizer tokenizer = BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json));
        assertEquals(30522, tokenizer.vocabSize());
        assertEquals(101, tokenizer.clsId());
        assertEquals(102, tokenizer.sepId());
        assertEquals(0, tokenizer.padId());
        assertEquals(100, tokenizer.unkId());
        assertTrue(tokenizer.lowercase());

        List<String> texts = new ArrayList<>(CraftedTexts.all());
        texts.addAll(RealTextSamples.stsb().subList(0, 1500));
        texts.addAll(RealTextSamples.stackExchange().subList(0, 300));
        BertTokenizerCraftedCasesTest.assertParity(resource, json, tokenizer, texts);
    }
}
