package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(
                new ScoredPair("A man is \"dancing\".", "A man dances.", 5.0, 1),
                ds.pairs().get(0));
        assertEquals(
                new ScoredPair("Driver backs, drives off", "Driver backs into mom", 4.0, 2),
                ds.pairs().get(1));
        assertEquals(0, ds.skippedUnscored());
    }

    @Test
    void malformedStsBenchmarkLineIsReportedWithItsLineNumber() {
        String data = "g\tf\ty\t1\t3.0\ta\tb\n" + "g\tf\ty\t2\t1.0\ta\tb\n" + "g\tf\ty\t3\t2.0 a b\n";
        MalformedDataException e = assertThrows(
                MalformedDataException.class, () -> StsDatasetReader.readAutoDetected(text(data), "dev.tsv"));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().startsWith("dev.tsv:3: expected at least 7"), e.getMessage());

        MalformedDataException score = assertThrows(
                MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(
                        text("g\tf\ty\t1\t3.0\ta\tb\ng\tf\ty\t2\tfive\ta\tb\n"), "dev.tsv"));
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

        MalformedDataException e = assertThrows(
                MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text("4\ta\tb\n3\ta\tb\textra\n"), "qq.tsv"));
        assertEquals(2, e.lineNumber());
    }

    @Test
    void explicitLayoutIsEnforcedAndUndetectableLinesRejected() {
        MalformedDataException e = assertThrows(
                MalformedDataException.class,
                () -> StsDatasetReader.read(text("4\ta\tb\n"), "x", StsLayout.STS_BENCHMARK));
        assertEquals(1, e.lineNumber());
        MalformedDataException undetectable = assertThrows(
                MalformedDataException.class, () -> StsDatasetReader.readAutoDetected(text("\n4\ta b\n"), "x"));
        assertEquals(2, undetectable.lineNumber());
        assertThrows(MalformedDataException.class, () -> StsDatasetReader.readAutoDetected(text(""), "empty"));
        assertThrows(IllegalArgumentException.class, () -> StsLayout.fromName("csv"));
    }

    @Test
    void readsTheRealStsBenchmarkAndSemEval2016Files() throws IOException {
        try (BufferedReader r = Files.newBufferedReader(SharedData.file("stsb/sts-dev.csv"), StandardCharsets.UTF_8)) {
            StsDataset dev = StsDatasetReader.readAutoDetected(r, "sts-dev.csv");
            assertEquals(1500, dev.pairs().size());
            assertEquals(
                    new ScoredPair("A man with a hard hat is dancing.", "A man wearing a hard hat is dancing.", 5.0, 1),
                    dev.pairs().get(0));
        }
        try (BufferedReader r =
                Files.newBufferedReader(SharedData.file("stsb/sts-train.csv"), StandardCharsets.UTF_8)) {
            StsDataset train = StsDatasetReader.readAutoDetected(r, "sts-train.csv");
            assertEquals(5749, train.pairs().size()); // 197 rows carry 2 extra trailing fields
            assertTrue(train.pairs().stream().allMatch(p -> p.score() >= 0 && p.score() <= 5));
        }
        try (BufferedReader r = Files.newBufferedReader(
                SharedData.file("sts2016/question-question.test.tsv"), StandardCharsets.UTF_8)) {
            StsDataset qq = StsDatasetReader.readAutoDetected(r, "question-question.test.tsv");
            assertEquals(StsLayout.SCORE_FIRST, qq.layout());
            assertEquals(209, qq.pairs().size());
            assertEquals(1346, qq.skippedUnscored());
        }
    }

    @Test
    void aHeaderLineIsSkippedButAMalformedFirstLineIsStillAnError() throws IOException {
        String header = "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n";
        String rows = "g\tf\ty\t1\t3.5\ta\tb\ng\tf\ty\t2\t0.25\tc\td\n";
        StsDataset ds = StsDatasetReader.readAutoDetected(text(header + rows), "h.tsv");
        assertTrue(ds.skippedHeader());
        assertEquals(List.of(new ScoredPair("a", "b", 3.5, 2), new ScoredPair("c", "d", 0.25, 3)), ds.pairs());
        assertFalse(StsDatasetReader.readAutoDetected(text(rows), "h.tsv").skippedHeader());

        StsDataset scoreFirst = StsDatasetReader.readAutoDetected(text("score\ts1\ts2\n4\tq1\tq2\n\tu\tv\n"), "qq");
        assertTrue(scoreFirst.skippedHeader());
        assertEquals(List.of(new ScoredPair("q1", "q2", 4.0, 2)), scoreFirst.pairs());
        assertEquals(1, scoreFirst.skippedUnscored());

        // a header naming another column where the score belongs (sentence-transformers' 8-column file) is an
        // error, not a header: otherwise every line would be read with the wrong columns
        MalformedDataException shifted = assertThrows(
                MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(
                        text("split\tgenre\tdataset\tyear\tsid\tscore\tsentence1\tsentence2\n"
                                + "test\tmain-captions\tMSRvid\t2012test\t0000\t2.5\ta\tb\n"),
                        "st.tsv"));
        assertEquals("st.tsv:1: score 'sid' is not a number", shifted.getMessage());

        // only the first line can be a header, and only a score column name is one: "4,5" is a malformed score
        MalformedDataException second = assertThrows(
                MalformedDataException.class, () -> StsDatasetReader.readAutoDetected(text(rows + header), "h.tsv"));
        assertEquals("h.tsv:3: score 'score' is not a number", second.getMessage());
        MalformedDataException comma = assertThrows(
                MalformedDataException.class,
                () -> StsDatasetReader.readAutoDetected(text("g\tf\ty\t1\t4,5\ta\tb\n" + rows), "c.tsv"));
        assertEquals("c.tsv:1: score '4,5' is not a number", comma.getMessage());
    }

    @Test
    void blankLinesAreSkippedAndCrlfBomFilesReadThroughDataLocations(@TempDir Path dir) throws IOException {
        assertEquals(
                2,
                StsDatasetReader.readAutoDetected(
                                text("g\tf\ty\t1\t3.5\ta\tb\n   \n\t\n\ng\tf\ty\t2\t1\tc\td\n  "), "blank")
                        .pairs()
                        .size());
        Path file = dir.resolve("sts2016-like.tsv");
        Files.write(file, "\uFEFF\tunscored\tpair\r\n4.5\tq1\tq2\r\n0\tq3\tq4\r\n".getBytes(StandardCharsets.UTF_8));
        try (BufferedReader r = DataLocations.openReader(file.toString())) {
            StsDataset ds = StsDatasetReader.readAutoDetected(r, file.toString());
            assertEquals(StsLayout.SCORE_FIRST, ds.layout());
            assertEquals(List.of(new ScoredPair("q1", "q2", 4.5, 2), new ScoredPair("q3", "q4", 0, 3)), ds.pairs());
            assertEquals(1, ds.skippedUnscored());
        }
        Path bomFirstScore = dir.resolve("bom-score.tsv");
        Files.write(bomFirstScore, "\uFEFF5.000\ta\tb\r\n1.0\tc\td\r\n".getBytes(StandardCharsets.UTF_8));
        try (BufferedReader r = DataLocations.openReader(bomFirstScore.toString())) {
            assertEquals(
                    new ScoredPair("a", "b", 5.0, 1),
                    StsDatasetReader.readAutoDetected(r, "b").pairs().get(0));
        }
    }
}
