package io.github.gtespark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** How {@link TextEmbedder} cuts texts into forward passes, and that the cut does not change the embeddings. */
class TextEmbedderBatchingTest {

    private static int[] lengths(int count, int length) {
        int[] out = new int[count];
        Arrays.fill(out, length);
        return out;
    }

    @Test
    void shortTextsFillUpToFourTimesTheBatchSizeWithinTheTokenBudget() {
        int batchSize = 32;
        int maxTexts = TextEmbedder.maxTextsPerPass(batchSize);
        long budget = batchSize * 128L;
        assertEquals(128, maxTexts);
        // 300 sentences of 11 tokens: passes of 128 texts (1,408 padded tokens each), not of 32
        assertArrayEquals(new int[] {128, 256, 300}, TextEmbedder.batchEnds(lengths(300, 11), maxTexts, budget));
        // 40 texts of 128 tokens: the token budget allows 32 per pass, as before
        assertArrayEquals(new int[] {32, 40}, TextEmbedder.batchEnds(lengths(40, 128), maxTexts, budget));
        // texts of 50 tokens: 81 fit the 4,096-token budget
        assertArrayEquals(new int[] {81, 100}, TextEmbedder.batchEnds(lengths(100, 50), maxTexts, budget));
        // long texts followed by much shorter ones start a new pass (less padding)
        assertArrayEquals(
                new int[] {2, 5}, TextEmbedder.batchEnds(new int[] {300, 290, 100, 90, 80}, maxTexts, budget));
        assertArrayEquals(new int[0], TextEmbedder.batchEnds(new int[0], maxTexts, budget));
    }

    @Test
    void embeddingsDoNotDependOnHowTextsAreCutIntoPasses() {
        BertConfig config = BertConfig.of(2, 32, 4, 64, 50, 64);
        EncoderModel model = new EncoderModel(
                config,
                BertWeights.fromGraph(
                        BertEncoderFactory.build(config, 64, DataType.FLOAT, 3), config, java.util.Map.of()),
                null,
                vocabulary(50),
                true);
        Random random = new Random(11);
        List<int[]> ids = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            int len = 3 + random.nextInt(i < 60 ? 6 : 40);
            int[] t = new int[len];
            t[0] = 2;
            for (int k = 1; k < len; k++) {
                t[k] = 5 + random.nextInt(45);
            }
            ids.add(t);
        }
        float[][] small = TextEmbedder.of(model, 64, 1).embedIds(ids); // passes of up to 4 texts
        float[][] large = TextEmbedder.of(model, 64, 16).embedIds(ids); // passes of up to 64 short texts
        for (int i = 0; i < ids.size(); i++) {
            for (int k = 0; k < small[i].length; k++) {
                assertEquals(small[i][k], large[i][k], 1e-5, "text " + i + " component " + k);
            }
        }
    }

    private static byte[] vocabulary(int size) {
        StringBuilder b = new StringBuilder("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
        for (int i = 5; i < size; i++) {
            b.append("w").append(i).append('\n');
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
