package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The public API of {@link BertTokenizer} besides parity: special ids, truncation shape, counts, vocab.txt export
 * and import, Java serialization (Spark broadcast), concurrent use, and clear errors on unsupported input files.
 */
class BertTokenizerApiTest {

    private final BertTokenizer bert = BertTokenizer.bertBaseUncased();

    @Test
    void specialTokensAndVocabulary() {
        assertEquals(30522, bert.vocabSize());
        assertEquals(0, bert.padId());
        assertEquals(100, bert.unkId());
        assertEquals(101, bert.clsId());
        assertEquals(102, bert.sepId());
        assertEquals("[PAD]", bert.token(bert.padId()));
        assertEquals("[CLS]", bert.token(bert.clsId()));
        assertEquals("##s", bert.token(2015));
        assertThrows(IllegalArgumentException.class, () -> bert.token(30522));
        assertThrows(IllegalArgumentException.class, () -> bert.token(-1));
    }

    @Test
    void encodeWrapsAndTruncates() {
        String text = "The quick brown fox jumps over the lazy dog.";
        List<String> pieces = bert.tokenize(text);
        assertEquals(10, pieces.size());
        assertEquals(pieces.size(), bert.tokenCount(text));
        int[] full = bert.encode(text, 512);
        assertEquals(12, full.length);
        assertEquals(101, full[0]);
        assertEquals(102, full[11]);
        for (int i = 0; i < pieces.size(); i++) {
            assertEquals(pieces.get(i), bert.token(full[i + 1]));
        }
        assertArrayEquals(new int[] {101, full[1], full[2], full[3], 102}, bert.encode(text, 5));
        assertArrayEquals(new int[] {101, 102}, bert.encode(text, 2));
        assertArrayEquals(new int[] {101, 102}, bert.encode("", 128));
        assertArrayEquals(full, bert.encode(text, 12));
        assertEquals(11, bert.encode(text, 11).length);
        assertThrows(IllegalArgumentException.class, () -> bert.encode(text, 1));
        assertThrows(NullPointerException.class, () -> bert.encode(null, 8));
    }

    @Test
    void truncationKeepsAWholeWordDecisionBeforeCutting() {
        // the last word kept must be tokenized exactly as without truncation, whatever follows the cut
        String text = "tokenization " + "x".repeat(150) + " tail";
        int[] full = bert.encode(text, 512);
        for (int max = 2; max <= full.length; max++) {
            int[] cut = bert.encode(text, max);
            assertEquals(max, cut.length);
            for (int i = 1; i < max - 1; i++) {
                assertEquals(full[i], cut[i]);
            }
            assertEquals(102, cut[max - 1]);
        }
        // "tokenization\u2713": pieces token, ##ization, then no piece for the check mark: the word is [UNK] as a
        // whole, also when truncation would cut after its first piece
        assertArrayEquals(new int[] {101, 100, 102}, bert.encode("tokenization\u2713 more", 3));
        assertArrayEquals(new int[] {101, 100, 2062, 102}, bert.encode("tokenization\u2713 more", 8));
    }

    @Test
    void vocabTxtRoundTripTokenizesLikeTheTokenizerJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bert.writeVocabTxt(out);
        String vocabTxt = out.toString(StandardCharsets.UTF_8);
        assertTrue(vocabTxt.startsWith("[PAD]\n"));
        assertEquals(30522, vocabTxt.split("\n", -1).length - 1);
        BertTokenizer fromVocab = BertTokenizer.fromVocabTxt(new ByteArrayInputStream(out.toByteArray()), true);
        assertFalse(fromVocab.tokenizerJson().isPresent());
        assertEquals(bert.vocabSize(), fromVocab.vocabSize());
        List<String> texts = new ArrayList<>(CraftedTexts.all());
        texts.addAll(RealTextSamples.stsb().subList(0, 2000));
        for (String t : texts) {
            assertArrayEquals(bert.encode(t, 128), fromVocab.encode(t, 128), () -> HuggingFaceReference.escape(t));
        }
    }

    @Test
    void casedVocabTxtMatchesTheReferenceWithACasedNormalizer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bert.writeVocabTxt(out);
        BertTokenizer cased = BertTokenizer.fromVocabTxt(new ByteArrayInputStream(out.toByteArray()), false);
        assertFalse(cased.lowercase());
        assertFalse(cased.stripAccents());
        byte[] json = BertTokenizerCraftedCasesTest.normalizerVariant(false, null, true, true);
        try (HuggingFaceReference reference = HuggingFaceReference.load(json, 128)) {
            reference.assertSameIds("cased vocab.txt", CraftedTexts.all(), cased, 128);
        }
    }

    @Test
    void javaSerializationKeepsBehaviour() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(bert);
        }
        BertTokenizer copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BertTokenizer) in.readObject();
        }
        for (String t : CraftedTexts.all()) {
            assertArrayEquals(bert.encode(t, 512), copy.encode(t, 512), () -> HuggingFaceReference.escape(t));
        }
        assertArrayEquals(
                bert.tokenizerJson().orElseThrow(), copy.tokenizerJson().orElseThrow());
    }

    @Test
    void concurrentUseGivesTheSameIds() throws Exception {
        List<String> texts = RealTextSamples.stsb().subList(0, 4000);
        List<int[]> expected = new ArrayList<>();
        for (String t : texts) {
            expected.add(bert.encode(t, 64));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                results.add(pool.submit(() -> {
                    List<int[]> ids = new ArrayList<>();
                    for (String t : texts) {
                        ids.add(bert.encode(t, 64));
                    }
                    return ids;
                }));
            }
            for (Future<List<int[]>> f : results) {
                List<int[]> ids = f.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(expected.get(i), ids.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unsupportedTokenizerFilesAreRejectedClearly() {
        assertRejected("{}", "model");
        assertRejected("{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}", "WordPiece");
        assertRejected("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0,\"b\":2}}}", "without gaps");
        String base =
                "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3}},";
        assertRejected(base + "\"normalizer\":{\"type\":\"NFC\"}}", "BertNormalizer");
        assertRejected(
                base + "\"normalizer\":{\"type\":\"BertNormalizer\"},\"pre_tokenizer\":{\"type\":\"Whitespace\"}}",
                "BertPreTokenizer");
        assertRejected(
                base + "\"normalizer\":{\"type\":\"BertNormalizer\"},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                        + "\"post_processor\":{\"type\":\"RobertaProcessing\"}}",
                "post_processor");
        assertThrows(
                IllegalArgumentException.class,
                () -> BertTokenizer.fromVocabTxt(
                        new ByteArrayInputStream("[PAD]\n[CLS]\n[SEP]\nhello\n".getBytes(StandardCharsets.UTF_8)),
                        true));
    }

    @Test
    void minimalTokenizerJsonWithBertProcessingLoads() throws IOException {
        String json = "{\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
                + "\"max_input_chars_per_word\":8,\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,\"[SEP]\":3,"
                + "\"hello\":4,\"he\":5,\"##llo\":6,\"!\":7}},"
                + "\"normalizer\":{\"type\":\"BertNormalizer\",\"lowercase\":true},"
                + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                + "\"post_processor\":{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]},"
                + "\"added_tokens\":[{\"id\":2,\"content\":\"[CLS]\"}]}";
        BertTokenizer t =
                BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(
                new int[] {2, 4, 7, 4, 6, 1, 5, 1, 2, 3}, t.encode("HELLO! hellollo hellos he hellollollo[CLS]", 100));
        assertEquals(0, t.padId());
    }

    private static void assertRejected(String json, String messagePart) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
