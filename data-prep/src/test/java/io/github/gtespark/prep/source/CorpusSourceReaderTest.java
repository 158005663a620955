package io.github.gtespark.prep.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.prep.LocalSpark;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSourceReaderTest {

    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("CorpusSourceReaderTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SourceSpec spec(String source) {
        return PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(new String[] {"--source", source}))
                .source(0);
    }

    private static Map<String, Long> reasons(List<Outcome> out) {
        Map<String, Long> m = new TreeMap<>();
        for (Outcome o : out) {
            m.merge(o.isKept() ? "kept" : o.excluded().reason(), 1L, Long::sum);
        }
        return m;
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    @Test
    void gzippedJsonlWithMalformedLinesNeverFailsAndLosesNothing() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(("{\"query\": \"q1\", \"pos\": [\"d1\", \"d2\"], \"neg\": [\"n\"]}\n"
                        + "{\"query\": \"q2\", \"pos\": [\"d3\"]\n" // broken JSON
                        + "{\"query\": \"q3\"}\n" // missing pos
                        + "{\"query\": [\"q4\"], \"pos\": [\"d4\"]}\n" // wrong type
                        + "\n")
                .getBytes(StandardCharsets.UTF_8));
        bytes.write(
                new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}', '\n'
                });
        bytes.write("{\"query\": \"q5\", \"pos\": \"d5\"}".getBytes(StandardCharsets.UTF_8)); // no final newline
        Path file = dir.resolve("pairs.jsonl.gz");
        gzip(file, bytes.toByteArray());
        List<Outcome> out =
                CorpusSourceReader.read(spark, spec("j=jsonl:" + file)).collect();
        assertEquals(
                Map.of(
                        "kept",
                        3L,
                        ExclusionReason.MALFORMED_JSON,
                        1L,
                        ExclusionReason.MISSING_FIELD,
                        1L,
                        ExclusionReason.WRONG_TYPE,
                        1L,
                        ExclusionReason.INVALID_UTF8,
                        1L),
                reasons(out));
        assertTrue(
                out.stream().filter(o -> !o.isKept()).allMatch(o -> o.excluded().line() != null));
    }

    @Test
    void damagedGzipFilesBecomeUnreadableInputExclusionsInsteadOfFailingTheJob() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("damaged"));
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            good.append("{\"query\": \"question number ")
                    .append(i)
                    .append("\", \"pos\": [\"answer ")
                    .append(i)
                    .append("\"]}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(good.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Files.write(sub.resolve("a-truncated.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        Files.write(sub.resolve("b-random.jsonl.gz"), noise);
        Files.write(sub.resolve("c-intact.jsonl.gz"), whole);

        List<Outcome> out = CorpusSourceReader.read(spark, spec("j=jsonl:" + sub + "/*.jsonl.gz"))
                .collect();
        Map<String, Long> counts = reasons(out);
        assertEquals(2L, counts.get(ExclusionReason.UNREADABLE_INPUT), counts.toString());
        long kept = counts.get("kept");
        assertTrue(kept > 2000 && kept < 4000, "the intact file and the readable part of the truncated one: " + kept);
        List<String> details = out.stream()
                .filter(o -> !o.isKept())
                .map(o -> o.excluded().detail())
                .sorted()
                .toList();
        assertTrue(details.get(0).contains("a-truncated.jsonl.gz"), details.get(0));
        assertTrue(
                details.get(1).contains("b-random.jsonl.gz") && details.get(1).contains("from line 1:"),
                details.get(1));
    }

    @Test
    void tsvGlobOverSeveralFilesGivesDistinctIds() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("tsv"));
        Files.writeString(sub.resolve("a.tsv"), "title\tbody\nfirst title\tfirst body\nbroken line\n");
        Files.writeString(sub.resolve("b.tsv"), "title\tbody\nsecond title\tsecond body\n");
        Files.writeString(sub.resolve("_ignored.tsv"), "title\tbody\nnot\tread\n");
        List<Outcome> out = CorpusSourceReader.read(
                        spark, spec("t=tsv:" + sub + "/*.tsv#header=true,query=title,doc=body"))
                .collect();
        assertEquals(Map.of("kept", 2L, ExclusionReason.MISSING_FIELD, 1L), reasons(out));
        long distinct = out.stream()
                .filter(Outcome::isKept)
                .map(o -> o.kept().id())
                .distinct()
                .count();
        assertEquals(2, distinct);
        assertThrows(
                ConfigurationException.class,
                () -> CorpusSourceReader.read(spark, spec("t=tsv:" + dir + "/nothing-*.tsv")));
    }

    @Test
    void parquetSourceWithArraysAndNulls() {
        StructType schema = new StructType()
                .add("question", DataTypes.StringType, true)
                .add("answers", DataTypes.createArrayType(DataTypes.StringType, true), true);
        List<Row> rows = List.of(
                RowFactory.create("q1", new String[] {"a1", "a2"}),
                RowFactory.create(null, new String[] {"a3"}),
                RowFactory.create("q3", null),
                RowFactory.create("q4", new String[] {"a4", null}));
        String path = dir.resolve("pq").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        List<Outcome> out = CorpusSourceReader.read(spark, spec("p=parquet:" + path + "#query=question,doc=answers"))
                .collect();
        assertEquals(Map.of("kept", 3L, ExclusionReason.MISSING_FIELD, 3L), reasons(out));
        assertThrows(
                ConfigurationException.class,
                () -> CorpusSourceReader.read(spark, spec("p=parquet:" + path + "#query=nope,doc=answers")));
    }

    @Test
    void stackExchangePairsPreferAcceptedThenTopScoredAnswer() throws IOException {
        String xml = String.join(
                "\n",
                "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<posts>",
                "  <row Id=\"1\" PostTypeId=\"1\" AcceptedAnswerId=\"3\" Score=\"5\" Title=\"What is a hop?\" Body=\"&lt;p&gt;Hop question&lt;/p&gt;\" />",
                "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" Score=\"9\" Body=\"&lt;p&gt;high score&lt;/p&gt;\" />",
                "  <row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" Score=\"1\" Body=\"&lt;p&gt;accepted&lt;/p&gt;\" />",
                "  <row Id=\"4\" PostTypeId=\"1\" Score=\"2\" Title=\"Best lager?\" Body=\"&lt;p&gt;Lager question&lt;/p&gt;\" />",
                "  <row Id=\"5\" PostTypeId=\"2\" ParentId=\"4\" Score=\"1\" Body=\"low\" />",
                "  <row Id=\"6\" PostTypeId=\"2\" ParentId=\"4\" Score=\"7\" Body=\"top\" />",
                "  <row Id=\"7\" PostTypeId=\"1\" Score=\"0\" Title=\"Unanswered?\" Body=\"nobody knows\" />",
                "  <row Id=\"8\" PostTypeId=\"1\" Title=\"broken",
                "</posts>",
                "");
        Path file = dir.resolve("Posts.xml");
        Files.writeString(file, xml);
        List<Outcome> out =
                CorpusSourceReader.read(spark, spec("se=stackexchange:" + file)).collect();
        assertEquals(
                Map.of("kept", 5L, ExclusionReason.NO_ANSWER, 1L, ExclusionReason.MALFORMED_XML, 1L), reasons(out));
        Map<String, String> answers = new TreeMap<>();
        for (Outcome o : out) {
            if (o.isKept() && o.kept().query().contains("\n")) {
                answers.put(o.kept().query().split("\n")[0], o.kept().doc());
            }
        }
        assertEquals(Map.of("What is a hop?", "<p>accepted</p>", "Best lager?", "top"), answers);
    }

    @Test
    void realStackExchangeDumpGivesTwoUnitsPerQuestion() throws IOException {
        Path posts = LocalSpark.sharedData().resolve("stackexchange-beer/Posts.xml");
        long questions = Files.readAllLines(posts).stream()
                .filter(l -> l.contains("PostTypeId=\"1\""))
                .count();
        List<Outcome> out = CorpusSourceReader.read(spark, spec("beer=stackexchange:" + posts.toAbsolutePath()))
                .collect();
        assertEquals(2 * questions, out.size());
        long kept = out.stream().filter(Outcome::isKept).count();
        assertTrue(kept > questions, "most questions have an answer: " + kept);
        PairRecord any =
                out.stream().filter(Outcome::isKept).findFirst().orElseThrow().kept();
        assertTrue(Arrays.asList(0, 1).contains((int) (any.id() & 0xFF)));
    }

    @Test
    void realStsBenchmarkTrainCarriesEveryScoreAndCountsTheOnesOutOfRange() throws IOException {
        Path train = LocalSpark.sharedData().resolve("stsb/sts-train.csv");
        List<String> lines = Files.readAllLines(train, StandardCharsets.UTF_8);
        double[] expected = new double[lines.size()];
        long above4 = 0;
        for (int n = 0; n < expected.length; n++) {
            expected[n] = Double.parseDouble(lines.get(n).split("\t", -1)[4]);
            above4 += expected[n] > 4 ? 1 : 0;
        }
        String source = "stsb=tsv:" + train.toAbsolutePath() + "#query=5,doc=6,score=4,unescape=false,score-min=0";
        List<Outcome> all =
                CorpusSourceReader.read(spark, spec(source + ",score-max=5")).collect();
        assertEquals(lines.size(), all.size(), "one outcome per line");
        assertTrue(all.stream().allMatch(Outcome::isKept), reasons(all).toString());
        for (Outcome o : all) {
            PairRecord p = o.kept();
            assertEquals(expected[(int) io.github.gtespark.prep.record.RecordId.line(p.id())], p.score(), p.query());
        }
        List<Outcome> capped =
                CorpusSourceReader.read(spark, spec(source + ",score-max=4")).collect();
        Map<String, Long> counts = reasons(capped);
        assertTrue(above4 > 100, "STS-B train has many pairs above 4: " + above4);
        assertEquals(above4, counts.get(ExclusionReason.SCORE_OUT_OF_RANGE));
        assertEquals(lines.size() - above4, counts.get("kept"));
    }
}
