package io.github.gtespark.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeirDatasetReaderTest {

    private static BufferedReader text(String s) {
        return new BufferedReader(new StringReader(s));
    }

    @Test
    void readsADirectoryInBeirLayout(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"),
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
        MalformedDataException bad = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readCorpus(
                text("{\"_id\": \"d1\", \"text\": \"ok\"}\n{\"_id\": \"d2\", \"text\": \"cut\n"), "corpus.jsonl"));
        assertEquals(2, bad.lineNumber());
        assertTrue(bad.getMessage().startsWith("corpus.jsonl:2: not valid JSON"), bad.getMessage());

        MalformedDataException missing = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readQueries(
                text("{\"_id\": \"q1\", \"text\": \"a\"}\n\n{\"_id\": \"q2\"}\n"), "queries.jsonl"));
        assertEquals("queries.jsonl:3: missing field 'text'", missing.getMessage());

        MalformedDataException duplicate = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readCorpus(
                text("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n"), "corpus.jsonl"));
        assertEquals(2, duplicate.lineNumber());

        MalformedDataException array = assertThrows(MalformedDataException.class,
                () -> BeirDatasetReader.readCorpus(text("[1, 2]\n"), "corpus.jsonl"));
        assertEquals("corpus.jsonl:1: expected a JSON object", array.getMessage());
    }

    @Test
    void qrelsWithOrWithoutHeaderAndMalformedLines() throws IOException {
        assertEquals(Map.of("q1", Map.of("d1", 1, "d2", 3)),
                BeirDatasetReader.readQrels(text("q1\td1\t1\nq1\td2\t3\n"), "test.tsv"));
        MalformedDataException score = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readQrels(
                text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\thigh\n"), "test.tsv"));
        assertEquals("test.tsv:3: score 'high' is not an integer", score.getMessage());
        MalformedDataException fields = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readQrels(
                text("query-id\tcorpus-id\tscore\nq1 d1 1\n"), "test.tsv"));
        assertEquals(2, fields.lineNumber());
        MalformedDataException duplicate = assertThrows(MalformedDataException.class, () -> BeirDatasetReader.readQrels(
                text("q1\td1\t1\nq1\td1\t2\n"), "test.tsv"));
        assertEquals(2, duplicate.lineNumber());
    }
}
