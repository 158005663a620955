package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.eval.PubMedQaToBeir;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.eval.SharedData;
import io.github.gtespark.eval.UnitVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line tool end to end on the real all-MiniLM-L6-v2 (DL4J encoder through TextEmbedder). */
class GteCommandEndToEndTest {

    /** The real loader, loading each (model, max length, batch size) once for the whole class. */
    private static final Map<String, SentenceEncoder> LOADED = new HashMap<>();

    private static final EncoderLoader CACHED = (model, maxLength, batchSize) -> {
        String key = model + "/" + maxLength + "/" + batchSize;
        SentenceEncoder e = LOADED.get(key);
        if (e == null) {
            e = new TextEmbedderEncoders().load(model, maxLength, batchSize);
            LOADED.put(key, e);
        }
        return e;
    };

    private static GteCommandTest.Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new GteCommand(CACHED)
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        GteCommandTest.Run run = new GteCommandTest.Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("gte " + String.join(" ", args) + "\n-> exit " + code + "\n" + run.out() + run.err());
        return run;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void evalStsOnTheDemoSample() {
        String data = SharedData.repoRoot()
                .resolve("spark-job/demo-eval/stsb-dev-500.tsv")
                .toString();
        GteCommandTest.Run run = run("eval-sts", "--model", "all-minilm-l6-v2", "--data", data);
        assertEquals(0, run.code(), run.err());
        String last = lastLine(run.out());
        assertTrue(last.matches("spearman=0\\.8\\d{3}"), last);
        // the ONNX Runtime reference of the same model gives 0.8632 on this sample (ReferenceModelEvaluationTest)
        assertEquals(0.8632, Double.parseDouble(last.substring("spearman=".length())), 0.003);
        assertTrue(run.out().contains("layout=stsb pairs=500 skipped_unscored=0"), run.out());
        assertTrue(run.err().contains("encoding sentences: 988/988 (100%)"), run.err());
    }

    @Test
    void evalRetrievalOnAPubMedQaSubset(@TempDir Path dir) throws IOException {
        PubMedQaToBeir.convert(SharedData.file("pubmedqa/ori_pqal.json").toString(), dir.toString(), 12, 20);
        GteCommandTest.Run run =
                run("eval-retrieval", "--model", "all-minilm-l6-v2", "--data", dir.toString(), "--max-length", "256");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertTrue(lines.get(0).contains("documents=20 queries=12 without_relevant=0 skipped_no_text=0"), lines.get(0));
        assertTrue(lines.get(1).matches("mrr@10=\\d\\.\\d{4}"), lines.get(1));
        assertEquals("recall@100=1.0000", lines.get(2));
        String last = lines.get(3);
        assertTrue(last.matches("ndcg@10=\\d\\.\\d{4}"), last);
        double ndcg = Double.parseDouble(last.substring("ndcg@10=".length()));
        assertTrue(ndcg > 0.85, last); // ONNX Runtime reference: 0.98+ on this subset
    }

    @Test
    void evalOnNamedSetsGivesTheFiguresOfTheSingleSetCommandsInOneTable(@TempDir Path dir) throws IOException {
        PubMedQaToBeir.convert(
                SharedData.file("pubmedqa/ori_pqal.json").toString(),
                dir.resolve("pq").toString(),
                12,
                20);
        String sts = SharedData.repoRoot()
                .resolve("spark-job/demo-eval/stsb-dev-500.tsv")
                .toString();
        Files.writeString(dir.resolve("sets.conf"), "sets = [{name = pq, type = retrieval, path = pq}]\n");
        GteCommandTest.Run table = run(
                "eval",
                "--model",
                "all-minilm-l6-v2",
                "--max-length",
                "256",
                "--sets",
                "stsb=sts:" + sts,
                dir.resolve("sets.conf").toString());
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(4, lines.size(), table.out());
        assertTrue(lines.get(2).matches("stsb\\s+sts\\s+0\\.8\\d{3}\\s+spearman=0\\.8\\d{3}"), lines.get(2));
        assertTrue(
                lines.get(3).matches("pq\\s+retrieval\\s+\\d\\.\\d{4}\\s+ndcg@10=.* mrr@10=.* recall@100=1\\.0000"),
                lines.get(3));
        String single = lastLine(run(
                        "eval-retrieval",
                        "--model",
                        "all-minilm-l6-v2",
                        "--data",
                        dir.resolve("pq").toString(),
                        "--max-length",
                        "256")
                .out());
        assertTrue(lines.get(3).contains(single), lines.get(3) + " vs " + single);

        GteCommandTest.Run json = run(
                "eval",
                "--model",
                "all-minilm-l6-v2",
                "--json",
                "--max-length",
                "256",
                "--sets",
                "pq=retrieval:" + dir.resolve("pq"));
        assertEquals(0, json.code(), json.err());
        Map<?, ?> parsed = new org.nd4j.shade.jackson.databind.ObjectMapper().readValue(json.out(), Map.class);
        Map<?, ?> pq = (Map<?, ?>) ((Map<?, ?>) parsed.get("sets")).get("pq");
        assertEquals("retrieval", pq.get("type"));
        assertEquals(
                Double.parseDouble(single.substring("ndcg@10=".length())),
                ((Number) pq.get("ndcg@10")).doubleValue(),
                5e-5);

        GteCommandTest.Run duplicate =
                run("eval", "--model", "all-minilm-l6-v2", "--sets", "a=sts:" + sts, "a=sts:" + sts);
        assertEquals(2, duplicate.code());
        assertTrue(duplicate.err().contains("two evaluation sets are named a"), duplicate.err());
        GteCommandTest.Run badType = run("eval", "--model", "all-minilm-l6-v2", "--sets", "a=graph:" + sts);
        assertEquals(2, badType.code());
        assertTrue(badType.err().contains("unknown evaluation set type 'graph' (sts | retrieval)"), badType.err());
    }

    @Test
    void exportWritesADirectoryThatEmbedsLikeItsSource(@TempDir Path dir) throws IOException {
        Path export = dir.resolve("export");
        GteCommandTest.Run run = run("export", "--model", "all-minilm-l6-v2", "--output", export.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("model=" + export, lastLine(run.out()));
        assertTrue(Files.isRegularFile(export.resolve("config.json")));
        List<String> texts = List.of("A man is playing a guitar.", "Stock markets fell sharply today.");
        float[][] source = CACHED.load("all-minilm-l6-v2", 128, 8).encode(texts, false);
        float[][] exported =
                new TextEmbedderEncoders().load(export.toString(), 128, 8).encode(texts, false);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(source[i], exported[i], 1e-5f);
        }
        GteCommandTest.Run again = run("export", "--model", "all-minilm-l6-v2", "--output", export.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists (pass --overwrite"), again.err());
        GteCommandTest.Run unknown = run(
                "export",
                "--model",
                dir.resolve("nothing").toString(),
                "--output",
                dir.resolve("x").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown model"), unknown.err());
    }

    @Test
    void embedWritesOneVectorLinePerInputLine(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("texts.txt");
        Files.writeString(
                input,
                "A man is playing a guitar.\nStock markets fell sharply today.\n"
                        + "Someone plays the guitar.\nA man is playing a guitar.\n");
        Path output = dir.resolve("vectors.txt");
        GteCommandTest.Run run = run(
                "embed",
                "--model",
                "all-minilm-l6-v2",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--normalize");
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals(4, lines.size());
        float[][] v = new float[4][];
        for (int i = 0; i < 4; i++) {
            String[] parts = lines.get(i).split(" ");
            assertEquals(384, parts.length);
            v[i] = new float[parts.length];
            for (int j = 0; j < parts.length; j++) {
                v[i][j] = Float.parseFloat(parts[j]);
            }
            double norm = 0;
            for (float x : v[i]) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
        assertArrayEquals(v[0], v[3], 1e-6f);
        double paraphrase = UnitVectors.cosine(v[0], v[2]);
        double unrelated = UnitVectors.cosine(v[0], v[1]);
        assertTrue(paraphrase > 0.6 && unrelated < 0.2, paraphrase + " vs " + unrelated);
    }

    private static float[][] vectors(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> {
                    String[] parts = line.split(" ");
                    float[] v = new float[parts.length];
                    for (int j = 0; j < parts.length; j++) {
                        v[j] = Float.parseFloat(parts[j]);
                    }
                    return v;
                })
                .toArray(float[][]::new);
    }

    @Test
    void embedKeepsOutputLinesAlignedWithInputLinesWhateverTheLineEnds(@TempDir Path dir) throws IOException {
        // BOM, CRLF, a stray CR inside a line, an empty line, a blank line, no final newline
        Path input = dir.resolve("texts.txt");
        Files.write(
                input,
                ("\uFEFFA man is playing a guitar.\r\nStock markets\rfell sharply today.\r\n\r\n   \n"
                                + "Someone plays the guitar.")
                        .getBytes(StandardCharsets.UTF_8));
        Path reference = dir.resolve("reference.txt");
        Files.writeString(
                reference,
                "A man is playing a guitar.\nStock markets fell sharply today.\n\n" + "Someone plays the guitar.\n");
        GteCommandTest.Run run = run(
                "embed",
                "--model",
                "all-minilm-l6-v2",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("v.txt").toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("embedded 5 lines into " + dir.resolve("v.txt"), run.out().strip());
        assertTrue(
                run.err()
                        .contains("gte: note: 2 blank input lines (the first is line 3) are embedded as the "
                                + "empty text"),
                run.err());
        assertEquals(
                0,
                run(
                                "embed",
                                "--model",
                                "all-minilm-l6-v2",
                                "--input",
                                reference.toString(),
                                "--output",
                                dir.resolve("r.txt").toString())
                        .code());
        float[][] v = vectors(dir.resolve("v.txt"));
        float[][] r = vectors(dir.resolve("r.txt"));
        assertEquals(5, v.length);
        assertArrayEquals(r[0], v[0], 1e-5f); // the BOM is not part of the first text
        assertArrayEquals(r[1], v[1], 1e-5f); // the stray CR is white space inside line 2, not a line end
        assertArrayEquals(r[2], v[2], 1e-5f); // an empty line is the empty text
        assertArrayEquals(r[2], v[3], 1e-5f); // and so is a blank one
        assertArrayEquals(r[3], v[4], 1e-5f);
    }

    @Test
    void unknownModelExitsWithCode2AndOneLine(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("texts.txt");
        Files.writeString(input, "hello\n");
        GteCommandTest.Run run = run(
                "embed",
                "--model",
                "minilm-99",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("o.txt").toString());
        assertEquals(2, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(
                run.err().startsWith("gte: unknown model 'minilm-99': not a built-in model all-minilm-l6-v2"),
                run.err());
        assertTrue(Files.notExists(dir.resolve("o.txt")));
    }
}
