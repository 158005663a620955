package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchingEncoderTest {

    @Test
    void batchesLongestFirstAndReturnsVectorsInInputOrder() {
        List<List<String>> batches = new ArrayList<>();
        SentenceEncoder lengthEncoder = (texts, isQuery) -> {
            batches.add(List.copyOf(texts));
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                out[i] = new float[] {texts.get(i).length(), isQuery ? 1 : 0};
            }
            return out;
        };
        List<String> texts = List.of("aa", "a", "aaaaa", "aaa", "aaaa");
        float[][] v = new BatchingEncoder(lengthEncoder, 2, EncodingProgress.silent()).encode(texts, true, "x");
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i).length(), v[i][0]);
            assertEquals(1, v[i][1]);
        }
        assertEquals(List.of(List.of("aaaaa", "aaaa"), List.of("aaa", "aa"), List.of("a")), batches);
    }

    @Test
    void wrongNumberOfVectorsIsAnError() {
        SentenceEncoder broken = (texts, isQuery) -> new float[1][2];
        BatchingEncoder encoder = new BatchingEncoder(broken, 4, EncodingProgress.silent());
        assertThrows(IllegalStateException.class, () -> encoder.encode(List.of("a", "b"), false, "x"));
        assertThrows(IllegalArgumentException.class, () -> new BatchingEncoder(broken, 0, EncodingProgress.silent()));
    }

    @Test
    void progressReportsRateAndEtaAtMostOncePerIntervalAndOnCompletion() {
        AtomicLong clock = new AtomicLong(1_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        EncodingProgress progress = new EncodingProgress(out, 5_000, clock::get);
        SentenceEncoder slow = (texts, isQuery) -> {
            clock.addAndGet(2_000); // 2 s per batch of 10
            return new float[texts.size()][1];
        };
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("t" + i);
        }
        new BatchingEncoder(slow, 10, progress).encode(texts, false, "documents");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        // t=2s 10 done (not due), 4s 20 (not due), 6s 30 (due: 6 >= 5), 8s 40 (complete)
        assertEquals(2, lines.length);
        assertEquals("encoding documents: 30/40 (75%), 5.0 texts/s, ETA 2s", lines[0]);
        assertEquals("encoding documents: 40/40 (100%), 5.0 texts/s, done in 8s", lines[1]);
    }
}
