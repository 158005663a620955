package io.github.gtespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.github.gtespark.build.BuildProvenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageConfigLoaderTest {

    @TempDir
    Path dir;

    private String writeConf(String text) throws IOException {
        Path file = dir.resolve("stage.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    @Test
    void overridesWinOverFileAndTypesConvertOnAccess() throws IOException {
        String conf = writeConf("train { batch-size = 32, tau = 0.01, output = \"/tmp/x\", resume = false }\n");
        Config c = StageConfigLoader.load(
                conf,
                List.of("train.batch-size=4096", "train.output=hdfs://nn:8020/runs/a", "train.resume=true"),
                null);
        assertEquals(4096, c.getInt("train.batch-size"));
        assertEquals(0.01, c.getDouble("train.tau"), 0.0);
        assertEquals("hdfs://nn:8020/runs/a", c.getString("train.output"));
        assertTrue(c.getBoolean("train.resume"));
    }

    @Test
    void listOverridesAreParsedAsHocon() throws IOException {
        String conf = writeConf("eval { sets = [a] }\n");
        Config c = StageConfigLoader.load(conf, List.of("eval.sets=[stsb, \"pubmedqa\"]"), null);
        assertEquals(List.of("stsb", "pubmedqa"), c.getStringList("eval.sets"));
    }

    @Test
    void unknownOverrideKeyIsAnErrorNamingTheClosestKey() throws IOException {
        String conf = writeConf("train { batch-size = 32 }\n");
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> StageConfigLoader.load(conf, List.of("train.batch-szie=64"), null));
        assertTrue(e.getMessage().contains("train.batch-szie"), e.getMessage());
        assertTrue(e.getMessage().contains("train.batch-size"), e.getMessage());
    }

    @Test
    void malformedOverrideAndMissingFileAreClearErrors() throws IOException {
        String conf = writeConf("a = 1\n");
        assertThrows(ConfigurationException.class, () -> StageConfigLoader.load(conf, List.of("a"), null));
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageConfigLoader.load(dir.resolve("nope.conf").toString(), List.of(), null));
        assertTrue(e.getMessage().contains("nope.conf"));
        String broken = writeConf("a = { b = \n");
        assertThrows(ConfigurationException.class, () -> StageConfigLoader.load(broken, List.of(), null));
    }

    @Test
    void fileValuesFallBackToDefaultsResource() throws IOException {
        String conf = writeConf("b = 3\n");
        // defaults from the classpath: src/test/resources/gte-test-defaults.conf
        Config c = StageConfigLoader.load(conf, List.of("a=5"), "gte-test-defaults.conf");
        assertEquals(5, c.getInt("a"));
        assertEquals(3, c.getInt("b"));
        assertEquals("kept", c.getString("only-in-defaults"));
    }

    @Test
    void resolvedConfigIsWrittenAndReadableAgain() throws IOException {
        String conf = writeConf("x { y = \"hdfs://a:1/b\", n = [1, 2] }\n");
        Config c = StageConfigLoader.load(conf, List.of(), null);
        ResolvedConfig.write(c, dir.resolve("run").toUri().toString(), new Configuration());
        Path written = dir.resolve("run").resolve(ResolvedConfig.FILE_NAME);
        Config back = StageConfigLoader.load(written.toString(), List.of(), null);
        assertEquals(c, back);
        String first = Files.readAllLines(written).get(0);
        assertEquals(ResolvedConfig.header(BuildProvenance.current()).trim(), first);
        assertTrue(first.startsWith("# written by gte-spark"), first);
    }
}
