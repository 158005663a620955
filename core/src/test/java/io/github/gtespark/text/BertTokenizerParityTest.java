package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity of {@link BertTokenizer#bertBaseUncased()} with Hugging Face {@code tokenizers} (via DJL) on real text:
 * exact ids, without truncation and truncated to 8, 128 and 512 ids. Each test fails on the first differing text,
 * printing it with both token sequences.
 */
class BertTokenizerParityTest {

    static final String MINILM_TOKENIZER_JSON = "all-minilm-l6-v2-tokenizer.json";
    private static final int[] MAX_LENGTHS = {0, 8, 128, 512};
    private static final int TRUNCATED_PER_LENGTH = 2_000;

    private static HuggingFaceReference[] references;
    private static BertTokenizer tokenizer;

    @BeforeAll
    static void load() {
        byte[] json = HuggingFaceReference.resource(MINILM_TOKENIZER_JSON);
        references = new HuggingFaceReference[MAX_LENGTHS.length];
        for (int i = 0; i < MAX_LENGTHS.length; i++) {
            references[i] = HuggingFaceReference.load(json, MAX_LENGTHS[i]);
        }
        tokenizer = BertTokenizer.bertBaseUncased();
    }

    @AfterAll
    static void close() {
        for (HuggingFaceReference r : references) {
            r.close();
        }
    }

    @Test
    void bundledTokenizerIsTheMiniLmTokenizerJson() {
        byte[] json = HuggingFaceReference.resource(MINILM_TOKENIZER_JSON);
        assertArrayEquals(json, tokenizer.tokenizerJson().orElseThrow());
        assertTrue(tokenizer.lowercase());
    }

    @Test
    void stsBenchmarkSentences() {
        compare("STSb train+dev", RealTextSamples::stsb, 10_000);
    }

    @Test
    void snliSentences() {
        compare("SNLI dev+test", RealTextSamples::snli, 20_000);
    }

    @Test
    void stackExchangePosts() {
        compare("Stack Exchange beer posts", RealTextSamples::stackExchange, 2_000);
    }

    @Test
    void pubMedQaTexts() {
        compare("PubMedQA", RealTextSamples::pubMedQa, 5_000);
    }

    @Test
    void debianDescriptions() {
        compare("Debian descriptions (first 8000 packages)", () -> RealTextSamples.debian(8_000), 10_000);
    }

    /**
     * Compares every (distinct) text without truncation; then, for each maximum length, the texts the reference
     * actually truncates (at most {@link #TRUNCATED_PER_LENGTH} of them) against the reference tokenizer with that
     * truncation, and the others against the untruncated reference ids (nothing to cut).
     */
    private static void compare(String what, Supplier<List<String>> texts, int atLeast) {
        List<String> sample = new ArrayList<>(new LinkedHashSet<>(texts.get()));
        assertTrue(sample.size() >= atLeast, what + ": only " + sample.size() + " texts read, expected " + atLeast);
        HuggingFaceReference untruncated = references[0];
        List<int[]> full = untruncated.encode(sample);
        int compared = untruncated.assertSameIds(what, sample, full, tokenizer, 0);
        long pieces = 0;
        for (int[] ids : full) {
            pieces += ids.length - 2;
        }
        StringBuilder cut = new StringBuilder();
        for (int i = 1; i < MAX_LENGTHS.length; i++) {
            int maxLength = MAX_LENGTHS[i];
            List<String> longer = new ArrayList<>();
            for (int t = 0; t < sample.size(); t++) {
                if (full.get(t).length > maxLength) {
                    if (longer.size() < TRUNCATED_PER_LENGTH) {
                        longer.add(sample.get(t));
                    }
                } else {
                    String text = sample.get(t);
                    assertArrayEquals(
                            full.get(t),
                            tokenizer.encode(text, maxLength),
                            () -> what
                                    + ": text within " + maxLength + " ids changed by truncation: "
                                    + HuggingFaceReference.escape(text));
                    compared++;
                }
            }
            compared += references[i].assertSameIds(what, longer, references[i].encode(longer), tokenizer, maxLength);
            cut.append(String.format(" %d cut at %d;", longer.size(), maxLength));
        }
        System.out.printf(
                "parity %s: %d distinct texts, %d word pieces, %d encodings compared (%s), 0 mismatches%n",
                what, sample.size(), pieces, compared, cut.toString().trim());
    }
}
