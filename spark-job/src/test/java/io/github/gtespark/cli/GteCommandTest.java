package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.eval.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line tool's usage and bad-input paths (no model is loaded on any of them) and the converter. */
class GteCommandTest {

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new GteCommand(new TextEmbedderEncoders())
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheSubcommandsAndEachHasItsOwnHelp() {
        Run help = run("--help");
        assertEquals(0, help.code());
        for (String name : List.of(
                "embed", "eval-sts", "eval-retrieval", "eval", "export", "convert-pubmedqa", "compare-models")) {
            assertTrue(help.out().contains(name), help.out());
            Run sub = run(name, "--help");
            assertEquals(0, sub.code());
            assertTrue(sub.out().startsWith("usage: gte " + name), sub.out());
        }
        assertTrue(run("embed", "--help").out().contains("separated by single spaces"));
        assertEquals(2, run().code());
    }

    @Test
    void usageErrorsExitWithCode2AndOneLine() {
        Run unknown = run("train-everything");
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.errLines().size(), unknown.err());
        assertTrue(unknown.err().startsWith("gte: unknown command 'train-everything'"), unknown.err());

        Run missing = run("eval-sts", "--model", "all-minilm-l6-v2");
        assertEquals(2, missing.code());
        assertEquals(
                List.of("gte: eval-sts: missing required option --data (see gte eval-sts --help)"), missing.errLines());

        Run badOption = run("eval-retrieval", "--model", "x", "--data", "d", "--k", "5");
        assertEquals(2, badOption.code());
        assertTrue(badOption.err().contains("unknown option '--k'"), badOption.err());

        Run badNumber = run("embed", "--model", "x", "--input", "a", "--output", "b", "--batch-size", "zero");
        assertEquals(2, badNumber.code());
        assertTrue(badNumber.err().contains("--batch-size must be an integer"), badNumber.err());

        Run badLayout = run("eval-sts", "--model", "x", "--data", "d", "--layout", "csv");
        assertEquals(2, badLayout.code());
        assertTrue(badLayout.err().contains("unknown STS layout 'csv'"), badLayout.err());
    }

    @Test
    void missingFilesExitWithCode2AndOneLine(@TempDir Path dir) {
        String absent = dir.resolve("absent.tsv").toString();
        Run sts = run("eval-sts", "--model", "all-minilm-l6-v2", "--data", absent);
        assertEquals(2, sts.code());
        assertEquals(List.of("gte: no such file: " + absent), sts.errLines());

        Run retrieval = run("eval-retrieval", "--model", "all-minilm-l6-v2", "--data", dir.toString());
        assertEquals(2, retrieval.code());
        assertEquals(List.of("gte: no such file: " + dir.resolve("corpus.jsonl")), retrieval.errLines());

        Run embed = run(
                "embed",
                "--model",
                "all-minilm-l6-v2",
                "--input",
                absent,
                "--output",
                dir.resolve("o").toString());
        assertEquals(2, embed.code());
        assertEquals(1, embed.errLines().size(), embed.err());
    }

    @Test
    void aDirectoryWhereAFileBelongsExitsWithCode2AndOneLine(@TempDir Path dir) throws IOException {
        Run sts = run("eval-sts", "--model", "all-minilm-l6-v2", "--data", dir.toString());
        assertEquals(2, sts.code(), sts.err());
        assertEquals(List.of("gte: not a file: " + dir + " is a directory"), sts.errLines());

        Path input = dir.resolve("texts.txt");
        Files.writeString(input, "hello\n");
        Path outputDir = Files.createDirectories(dir.resolve("vectors"));
        Run embed = run(
                "embed", "--model", "all-minilm-l6-v2", "--input", input.toString(), "--output", outputDir.toString());
        assertEquals(2, embed.code(), embed.err());
        assertEquals(List.of("gte: not a file: " + outputDir + " is a directory"), embed.errLines());
    }

    @Test
    void malformedLinesExitWithCode2NamingTheLine(@TempDir Path dir) throws IOException {
        Path sts = dir.resolve("sts.tsv");
        Files.writeString(
                sts,
                "g\tf\ty\t1\t3.0\tA man.\tA woman.\ng\tf\ty\t2\t1.0\tA dog.\tA cat.\ng\tf\ty\t3\t2.0\tonly one sentence\n");
        Run run = run("eval-sts", "--model", "all-minilm-l6-v2", "--data", sts.toString());
        assertEquals(2, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(
                run.err().startsWith("gte: malformed input: " + sts + ":3: expected at least 7 TAB-separated fields"),
                run.err());

        Files.writeString(
                dir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"x\"}\n{\"_id\": \"d2\", \"text\": }\n");
        Run beir = run("eval-retrieval", "--model", "all-minilm-l6-v2", "--data", dir.toString());
        assertEquals(2, beir.code());
        assertTrue(
                beir.err().startsWith("gte: malformed input: " + dir.resolve("corpus.jsonl") + ":2: not valid JSON"),
                beir.err());
    }

    @Test
    void aFileThatIsNotUtf8ExitsWithCode2NamingTheLine(@TempDir Path dir) throws IOException {
        Path sts = dir.resolve("latin1.tsv");
        Files.write(
                sts,
                "g\tf\ty\t1\t3.0\tA man.\tA woman.\ng\tf\ty\t2\t1.0\tCaf\u00e9.\tA cat.\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        Run run = run("eval-sts", "--model", "all-minilm-l6-v2", "--data", sts.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals(
                List.of("gte: malformed input: " + sts + ":2: not valid UTF-8 text; convert the file to UTF-8 "
                        + "(e.g. iconv -f latin1 -t utf-8)"),
                run.errLines());
    }

    @Test
    void constantGoldScoresAreBadInputBeforeAnyModelLoads(@TempDir Path dir) throws IOException {
        Path sts = dir.resolve("constant.tsv");
        Files.writeString(sts, "3\ta\tb\n3.0\tc\td\n3\te\tf\n");
        Run run = run("eval-sts", "--model", "no-such-model", "--data", sts.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals(
                List.of("gte: " + sts + ": every pair has the gold score 3.0, so no rank correlation is defined "
                        + "(see gte eval-sts --help)"),
                run.errLines());
    }

    @Test
    void aDirectoryThatIsNoModelExitsWithCode2AndOneLine(@TempDir Path dir) throws IOException {
        Path sts = Files.writeString(dir.resolve("sts.tsv"), "3\ta\tb\n1\tc\td\n");
        Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
        Run run = run("eval-sts", "--model", notAModel.toString(), "--data", sts.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals(
                List.of("gte: '" + notAModel + "' is not a model: neither a Hugging Face model directory (no "
                        + "config.json) nor a training checkpoint (a step-N directory, or a checkpoints or run directory "
                        + "holding one) (see gte eval-sts --help)"),
                run.errLines());
    }

    @Test
    void convertsPubMedQaIntoABeirDirectory(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pubmedqa");
        Run run = run(
                "convert-pubmedqa",
                "--input",
                SharedData.file("pubmedqa/ori_pqal.json").toString(),
                "--output",
                out.toString(),
                "--queries",
                "10",
                "--corpus-size",
                "25");
        assertEquals(0, run.code(), run.err());
        assertEquals("wrote 10 queries and 25 documents to " + out, run.out().strip());
        assertEquals(25, Files.readAllLines(out.resolve("corpus.jsonl")).size());
        assertEquals(10, Files.readAllLines(out.resolve("queries.jsonl")).size());
        assertEquals(11, Files.readAllLines(out.resolve("qrels/test.tsv")).size());
    }

    @Test
    void demoSetsAreInTheRepositoryAndReadable() throws IOException {
        Path demo = SharedData.repoRoot().resolve("spark-job/demo-eval");
        assertEquals(500, Files.readAllLines(demo.resolve("stsb-dev-500.tsv")).size());
        io.github.gtespark.eval.BeirDataset ds = io.github.gtespark.eval.BeirDatasetReader.read(
                demo.resolve("pubmedqa-200").toString(), "test");
        assertEquals(200, ds.queries().size());
        assertEquals(250, ds.corpus().size());
        assertEquals(200, ds.qrels().size());
    }
}
