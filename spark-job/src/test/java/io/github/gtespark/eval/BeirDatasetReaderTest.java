package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirDatasetReaderTest {

    private static BufferedReader text(String s) {
        return new BufferedReader(new StringReader(s));
    }

    @Test
    void readsADirectoryInBeirLayout(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("corpus.jsonl"),
                "{\"_id\": \"d1\", \"title\": \"Apple\", \"text\": \"A red fruit.\"}\n"
                        + "{\"_id\": \"d2\", \"title\": \"\", \"text\": \"  Bananas are yellow. \", \"metadata\": {}}\n"
                        + "\n"
                        + "{\"_id\": 3, \"text\": \"No title field.\"}\n");
        Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"which fruit is red\"}\n");
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n");

        BeirDataset ds = BeirDatasetReader.read(dir.toString(), "test");
        assertEquals(3, ds.corpus().size());
        assertEquals("Apple A red fruit.", ds.corpus().get(0).embeddingText());
        assertEquals("Bananas are yellow.", ds.corpus().get(1).embeddingText());
        assertEquals(new BeirDocument("3", "", "No title field."), ds.corpus().get(2));
        assertEquals(List.of(new BeirQuery("q1", "which fruit is red")), ds.queries());
        assertEquals(Map.of("q1", Map.of("d1", 2, "d2", 0)), ds.qrels());

        assertThrows(NoSuchFileException.class, () -> BeirDatasetReader.read(dir.toString(), "dev"));
    }

    @Test
    void malformedJsonLinesAreReportedWithTheirLineNumbers() {
        MalformedDataException bad = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readCorpus(
                        text("{\"_id\": \"d1\", \"text\": \"ok\"}\n{\"_id\": \"d2\", \"text\": \"cut\n"),
                        "corpus.jsonl"));
        assertEquals(2, bad.lineNumber());
        assertTrue(bad.getMessage().startsWith("corpus.jsonl:2: not valid JSON"), bad.getMessage());

        MalformedDataException missing = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readQueries(
                        text("{\"_id\": \"q1\", \"text\": \"a\"}\n\n{\"_id\": \"q2\"}\n"), "queries.jsonl"));
        assertEquals("queries.jsonl:3: missing field 'text'", missing.getMessage());

        MalformedDataException duplicate = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readCorpus(
                        text("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n"),
                        "corpus.jsonl"));
        assertEquals(2, duplicate.lineNumber());

        MalformedDataException array = assertThrows(
                MalformedDataException.class, () -> BeirDatasetReader.readCorpus(text("[1, 2]\n"), "corpus.jsonl"));
        assertEquals("corpus.jsonl:1: expected a JSON object", array.getMessage());
    }

    @Test
    void qrelsWithOrWithoutHeaderAndMalformedLines() throws IOException {
        assertEquals(
                Map.of("q1", Map.of("d1", 1, "d2", 3)),
                BeirDatasetReader.readQrels(text("q1\td1\t1\nq1\td2\t3\n"), "test.tsv"));
        MalformedDataException score = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readQrels(
                        text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\thigh\n"), "test.tsv"));
        assertEquals("test.tsv:3: score 'high' is not an integer", score.getMessage());
        MalformedDataException fields = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readQrels(text("query-id\tcorpus-id\tscore\nq1\td1\n"), "test.tsv"));
        assertEquals(2, fields.lineNumber());
        MalformedDataException duplicate = assertThrows(
                MalformedDataException.class,
                () -> BeirDatasetReader.readQrels(text("q1\td1\t1\nq1\td2\t1\nq1\td1\t2\n"), "test.tsv"));
        assertEquals(
                "test.tsv:3: judgement of query 'q1' and document 'd1' with score 2 contradicts line 1 (score 1)",
                duplicate.getMessage());
    }

    @Test
    void qrelsVariantsSeenInTheWild() throws IOException {
        Map<String, Map<String, Integer>> expected = Map.of("q1", Map.of("d1", 2, "d2", 0), "7", Map.of("3", 1));
        // extra trailing columns (ignored, as BEIR's loader does), with a header of four names
        assertEquals(
                expected,
                BeirDatasetReader.readQrels(
                        text("query-id\tcorpus-id\tscore\tnote\nq1\td1\t2\tx\nq1\td2\t0\t\n7\t3\t1\ty\n"),
                        "extra.tsv"));
        // space separated, header or not, runs of spaces
        assertEquals(
                expected,
                BeirDatasetReader.readQrels(
                        text("query-id corpus-id score\nq1 d1 2\nq1  d2   0\n 7 3 1 \n"), "spaces.tsv"));
        assertEquals(expected, BeirDatasetReader.readQrels(text("q1 d1 2\nq1 d2 0\n7 3 1\n"), "spaces.tsv"));
        // integral decimal scores, CRLF, a repeated identical judgement
        assertEquals(
                expected,
                BeirDatasetReader.readQrels(text("q1\td1\t2.0\r\nq1\td2\t0\r\n7\t3\t1\r\nq1\td1\t2\r\n"), "dec.tsv"));
        MalformedDataException fraction = assertThrows(
                MalformedDataException.class, () -> BeirDatasetReader.readQrels(text("q1\td1\t0.5\n"), "f.tsv"));
        assertEquals("f.tsv:1: score '0.5' is not an integer", fraction.getMessage());
    }

    @Test
    void jsonLinesVariantsSeenInTheWild(@TempDir Path dir) throws IOException {
        // a raw TAB inside a JSON string (invalid strict JSON, common in dumps), numeric ids, null / missing titles
        List<BeirDocument> docs = BeirDatasetReader.readCorpus(
                text(
                        "{\"_id\": 10, \"title\": null, \"text\": \"tab\there\"}\n"
                                + "{\"_id\": \"d2\", \"title\": \"T\u00e9\", \"text\": \"東京 😀\", \"metadata\": {\"url\": \"u\"}}\n"),
                "corpus.jsonl");
        assertEquals(List.of(new BeirDocument("10", "", "tab\there"), new BeirDocument("d2", "Té", "東京 😀")), docs);
        assertEquals("Té 東京 😀", docs.get(1).embeddingText());

        // a BOM and CRLF in every file of a set
        Files.write(
                dir.resolve("corpus.jsonl"),
                "\uFEFF{\"_id\": \"d1\", \"text\": \"x\"}\r\n".getBytes(StandardCharsets.UTF_8));
        Files.write(
                dir.resolve("queries.jsonl"),
                "\uFEFF{\"_id\": \"q1\", \"text\": \"y\"}\r\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("qrels"));
        Files.write(dir.resolve("qrels/test.tsv"), "\uFEFFq1\td1\t1\r\n".getBytes(StandardCharsets.UTF_8));
        BeirDataset ds = BeirDatasetReader.read(dir.toString(), "test");
        assertEquals(List.of(new BeirDocument("d1", "", "x")), ds.corpus());
        assertEquals(List.of(new BeirQuery("q1", "y")), ds.queries());
        assertEquals(Map.of("q1", Map.of("d1", 1)), ds.qrels());
    }

    @Test
    void aSetWithRepeatedIdsIsReadAsBeirReadsItWithWarnings(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("corpus.jsonl"),
                "{\"_id\": \"d1\", \"text\": \"old\"}\n"
                        + "{\"_id\": \"d2\", \"text\": \"two\"}\n{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"new\"}\n");
        Files.writeString(
                dir.resolve("queries.jsonl"),
                "{\"_id\": \"q1\", \"text\": \"a\"}\n" + "{\"_id\": \"q1\", \"text\": \"b\"}\n");
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "q1\td1\t1\nq1\td2\t0\nq1\td1\t2\nq1\td2\t0\n");
        BeirDataset ds = BeirDatasetReader.read(dir.toString(), "test");
        assertEquals(List.of(new BeirDocument("d1", "T", "new"), new BeirDocument("d2", "", "two")), ds.corpus());
        assertEquals(List.of(new BeirQuery("q1", "b")), ds.queries());
        assertEquals(Map.of("q1", Map.of("d1", 2, "d2", 0)), ds.qrels());
        assertEquals(
                List.of(
                        dir.resolve("corpus.jsonl")
                                + ": 1 repeated document _id(s) (first: 'd1' on line 3); the last record "
                                + "of each id is used, as BEIR's loader does",
                        dir.resolve("queries.jsonl")
                                + ": 1 repeated query _id(s) (first: 'q1' on line 2); the last record "
                                + "of each id is used, as BEIR's loader does",
                        dir.resolve("qrels").resolve("test.tsv") + ": 1 judgement(s) repeat a query-document pair with "
                                + "another score (first: line 3: judgement of query 'q1' and document 'd1' with score 2 "
                                + "contradicts line 1 (score 1)); the last score is used, as BEIR's loader does"),
                ds.warnings());
    }
}
