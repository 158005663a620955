package io.github.gtespark.eval;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StsDatasetReaderTest {

    private static BufferedReader text(String s) {
        return new BufferedReader(new StringReader(s));
    }

    @Test
    void readsStsBenchmarkFieldsAndIgnoresTrailingOnes() throws IOException {
        String data = "main-captions\tMSRvid\t2012test\t0000\t5.000\tA man is \"dancing\".\tA man dances.\n"
                + "main-news\theadlines\t2016\t0012\t4\tDriver backs, drives off\tDriver backs into mom\tsource A\tsource B\r\n"
                + "\n";
        StsDataset ds = StsDatasetReader.readAutoDetected(text(data), "mem");
        assertEquals(StsLayout.STS_BENCHMARK, ds.layout());
        assertEquals(2, ds.pairs().size());
        assertEquals(new ScoredPair("A man is \"dancing\".", "A man dances.", 5.0, 1), ds.pairs().get(0));
        assertEquals(new ScoredPair("Driver backs, drives off", "Driver backs into mom", 4.0, 2), ds.pairs().get(1));
        assertEquals(0, ds.skippedUnscored());
    }

    @Test
    void malformedStsBenchmarkLineIsReportedWithItsLineNumber() {
        String data = "g\tf\ty\t1\t3.0\ta\tb\n"
                + "g\tf\ty\t2\t1.0\ta\tb\n"
                + "g\tf\ty\t3\t2.0 a b\n";
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text(data), "dev.tsv"));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().startsWith("dev.tsv:3: expected at least 7"), e.getMessage());

        MalformedDataException score = assertThrows(MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text("g\tf\ty\t1\t3.0\ta\tb\ng\tf\ty\t2\tfive\ta\tb\n"), "dev.tsv"));
        assertEquals("dev.tsv:2: score 'five' is not a number", score.getMessage());
    }

    @Test
    void scoreFirstLayoutSkipsAndCountsUnscoredPairs() throws IOException {
        String data = "\tunscored one\tunscored two\n4\tq1\tq2\n0\tq3\tq4\n\tx\ty\n";
        StsDataset ds = StsDatasetReader.readAutoDetected(text(data), "qq.tsv");
        assertEquals(StsLayout.SCORE_FIRST, ds.layout());
        assertEquals(2, ds.pairs().size());
        assertEquals(new ScoredPair("q1", "q2", 4.0, 2), ds.pairs().get(0));
        assertEquals(2, ds.skippedUnscored());

        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text("4\ta\tb\n3\ta\tb\textra\n"), "qq.tsv"));
        assertEquals(2, e.lineNumber());
    }

    @Test
    void explicitLayoutIsEnforcedAndUndetectableLinesRejected() {
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> StsDatasetReader.read(text("4\ta\tb\n"), "x", StsLayout.STS_BENCHMARK));
        assertEquals(1, e.lineNumber());
        MalformedDataException undetectable = assertThrows(MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text("\n4\ta b\n"), "x"));
        assertEquals(2, undetectable.lineNumber());
        assertThrows(MalformedDataException.class, () -> StsDatasetReader.readAutoDetected(text(""), "empty"));
        assertThrows(IllegalArgumentException.class, () -> StsLayout.fromName("csv"));
    }

    @Test
    void readsTheRealStsBenchmarkAndSemEval2016Files() throws IOException {
        try (BufferedReader r = Files.newBufferedReader(SharedData.file("stsb/sts-dev.csv"), StandardCharsets.UTF_8)) {
            StsDataset dev = StsDatasetReader.readAutoDetected(r, "sts-dev.csv");
            assertEquals(1500, dev.pairs().size());
            assertEquals(new ScoredPair("A man with a hard hat is dancing.", "A man wearing a hard hat is dancing.", 5.0, 1),
                    dev.pairs().get(0));
        }
        try (BufferedReader r = Files.newBufferedReader(SharedData.file("stsb/sts-train.csv"), StandardCharsets.UTF_8)) {
            StsDataset train = StsDatasetReader.readAutoDetected(r, "sts-train.csv");
            assertEquals(5749, train.pairs().size()); // 197 rows carry 2 extra trailing fields
            assertTrue(train.pairs().stream().allMatch(p -> p.score() >= 0 && p.score() <= 5));
        }
        try (BufferedReader r = Files.newBufferedReader(SharedData.file("sts2016/question-question.test.tsv"),
                StandardCharsets.UTF_8)) {
            StsDataset qq = StsDatasetReader.readAutoDetected(r, "question-question.test.tsv");
            assertEquals(StsLayout.SCORE_FIRST, qq.layout());
            assertEquals(209, qq.pairs().size());
            assertEquals(1346, qq.skippedUnscored());
        }
    }
}
