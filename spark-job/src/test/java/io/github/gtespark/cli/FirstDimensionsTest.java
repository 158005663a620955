package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.eval.SentenceEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dim D} of embed, eval-sts and eval-retrieval, with a deterministic stand-in model of width 4. */
class FirstDimensionsTest {

    /** Width 4: (length, vowels, words, first character); no model loads. */
    static float[] vector(String text) {
        long vowels = text.chars().filter(c -> "aeiou".indexOf(c) >= 0).count();
        return new float[] {text.length(), vowels, text.split(" ").length, text.isEmpty() ? 0 : text.charAt(0) % 7};
    }

    static final SentenceEncoder FULL =
            (texts, isQuery) -> texts.stream().map(FirstDimensionsTest::vector).toArray(float[][]::new);

    static GteCommandTest.Run run(EncoderLoader loader, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new GteCommand(loader)
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new GteCommandTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void embedWritesTheFirstDimensionsScaledToUnitLength(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Files.writeString(in, "a cat sat\nover the moon and back\n");
        GteCommandTest.Run r = run(
                (m, l, b) -> FULL,
                "embed",
                "--model",
                "x",
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--dim",
                "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        String[] texts = {"a cat sat", "over the moon and back"};
        for (int i = 0; i < 2; i++) {
            String[] fields = lines.get(i).split(" ");
            assertEquals(2, fields.length, lines.get(i));
            float[] v = vector(texts[i]);
            double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1]);
            assertEquals(v[0] / norm, Double.parseDouble(fields[0]), 1e-6);
            assertEquals(v[1] / norm, Double.parseDouble(fields[1]), 1e-6);
        }
    }

    @Test
    void evalStsWithDimScoresTheTruncatedVectors(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("sts.tsv");
        Files.writeString(
                data,
                "1.0\ta cat\tover the moon\n4.0\tdogs bark\tdogs barked\n2.5\tan apple\tsome oranges here\n"
                        + "0.5\tx\ta long sentence with many words\n3.0\tquiet\tquite\n");
        SentenceEncoder firstTwo = (texts, q) ->
                texts.stream().map(t -> java.util.Arrays.copyOf(vector(t), 2)).toArray(float[][]::new);
        GteCommandTest.Run truncated =
                run((m, l, b) -> FULL, "eval-sts", "--model", "x", "--data", data.toString(), "--dim", "2");
        GteCommandTest.Run direct = run((m, l, b) -> firstTwo, "eval-sts", "--model", "x", "--data", data.toString());
        GteCommandTest.Run full = run((m, l, b) -> FULL, "eval-sts", "--model", "x", "--data", data.toString());
        assertEquals(0, truncated.code(), truncated.err());
        String last = truncated.out().lines().reduce((a, b) -> b).orElseThrow();
        assertEquals(direct.out().lines().reduce((a, b) -> b).orElseThrow(), last);
        assertTrue(
                !last.equals(full.out().lines().reduce((a, b) -> b).orElseThrow()),
                "the stand-in differs when cut: " + last);

        GteCommandTest.Run tooWide =
                run((m, l, b) -> FULL, "eval-sts", "--model", "x", "--data", data.toString(), "--dim", "5");
        assertEquals(2, tooWide.code());
        assertEquals(1, tooWide.errLines().size(), tooWide.err());
        assertTrue(tooWide.err().contains("--dim 5 exceeds the model's embedding size 4"), tooWide.err());
        GteCommandTest.Run zero =
                run((m, l, b) -> FULL, "eval-retrieval", "--model", "x", "--data", dir.toString(), "--dim", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--dim must be at least 1"), zero.err());
    }

    @Test
    void helpOfEachCommandDescribesDim() {
        for (String command : List.of("embed", "eval-sts", "eval-retrieval")) {
            GteCommandTest.Run help = run((m, l, b) -> FULL, command, "--help");
            assertTrue(help.out().contains("[--dim D]") && help.out().contains("\n  --dim D          "), help.out());
            assertTrue(help.out().contains("\nProgress (texts/s, ETA) goes to stderr."), help.out());
        }
    }
}
