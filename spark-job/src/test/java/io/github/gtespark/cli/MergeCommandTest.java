package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.LinearModelMerge;
import io.github.gtespark.model.Pooling;
import io.github.gtespark.model.TinyEncoderModels;
import io.github.gtespark.model.hf.HfModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gte merge} on model directories: the merged weights, the record, and the one-line refusals. */
class MergeCommandTest {

    @TempDir
    Path dir;

    private String write(String name, EncoderModel model) throws Exception {
        String path = dir.resolve(name).toString();
        HfModelDirectory.write(model, path, new Configuration());
        return path;
    }

    @Test
    void writesTheMergedModelAndARecordOfItsInputs() throws Exception {
        EncoderModel base = TinyEncoderModels.random(1, 8, Pooling.MEAN, "", false);
        EncoderModel tuned = TinyEncoderModels.random(2, 8, Pooling.MEAN, "", false);
        String b = write("base", base);
        String t = write("tuned", tuned);
        String out = dir.resolve("merged").toString();
        GteCommandTest.Run run =
                GteCommandTest.run("merge", "--base", b, "--model", t, "--weight", "0.85", "--output", out);
        assertEquals(0, run.code(), run.err());
        assertEquals(
                "model=" + out, run.out().strip().lines().reduce((x, y) -> y).orElseThrow());

        EncoderModel expected = LinearModelMerge.merge(
                HfModelDirectory.read(b, new Configuration()), HfModelDirectory.read(t, new Configuration()), 0.85);
        EncoderModel written = HfModelDirectory.read(out, new Configuration());
        for (String name : expected.weights().tensors().keySet()) {
            assertArrayEquals(
                    expected.weights().get(name).data(),
                    written.weights().get(name).data(),
                    0f,
                    name);
        }
        JsonNode record = new ObjectMapper()
                .readTree(Files.readAllBytes(dir.resolve("merged").resolve("merge.json")));
        assertEquals(0.85, record.get("weight").asDouble());
        assertEquals(b, record.get("base").asText());
        assertEquals(t, record.get("model").asText());

        GteCommandTest.Run again =
                GteCommandTest.run("merge", "--base", b, "--model", t, "--weight", "0.5", "--output", out);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists"), again.err());
    }

    @Test
    void badWeightsAndUnmergeableModelsAreOneLineErrors() throws Exception {
        String b = write("base", TinyEncoderModels.random(3, 8, Pooling.MEAN, "", false));
        String t = write("tuned", TinyEncoderModels.random(4, 12, Pooling.MEAN, "", false));
        String out = dir.resolve("merged").toString();
        for (String w : new String[] {"1.2", "-0.5", "half"}) {
            GteCommandTest.Run run =
                    GteCommandTest.run("merge", "--base", b, "--model", b, "--weight", w, "--output", out);
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("--weight"), run.err());
        }
        Path conf = dir.resolve("merge.conf");
        Files.writeString(conf, "# the tuned model's share\nweight = 0.6\n");
        GteCommandTest.Run fromConf =
                GteCommandTest.run("merge", "--base", b, "--model", b, "--conf", conf.toString(), "--output", out);
        assertEquals(0, fromConf.code(), fromConf.err());
        assertEquals(
                0.6,
                new ObjectMapper()
                        .readTree(Files.readAllBytes(dir.resolve("merged/merge.json")))
                        .get("weight")
                        .asDouble());
        Files.writeString(conf, "weight = 2\n");
        GteCommandTest.Run confRange = GteCommandTest.run(
                "merge", "--base", b, "--model", b, "--conf", conf.toString(), "--output", out, "--overwrite");
        assertEquals(2, confRange.code(), confRange.err());
        assertTrue(confRange.err().contains("weight in " + conf), confRange.err());
        GteCommandTest.Run none =
                GteCommandTest.run("merge", "--base", b, "--model", b, "--output", out, "--overwrite");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--weight W or --conf FILE"), none.err());
        Files.delete(dir.resolve("merged/merge.json"));
        try (var files = Files.walk(dir.resolve("merged"))) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }

        GteCommandTest.Run arch =
                GteCommandTest.run("merge", "--base", b, "--model", t, "--weight", "0.5", "--output", out);
        assertEquals(2, arch.code(), arch.err());
        assertTrue(arch.err().contains("different architectures"), arch.err());
        assertTrue(!Files.exists(dir.resolve("merged")), "nothing written for a refused merge");
    }
}
