package io.github.gtespark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a stage configuration by Hadoop FS URI, and staging a local one to a shared file system. */
class ConfigFileStagerTest {

    /**
     * The local disk under the scheme {@code shared:}: stands for a file system every cluster node can read
     * (hdfs://) in these tests; the stager refuses {@code file:} targets.
     */
    public static final class SharedLocalFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("shared:///");
        }

        @Override
        public String getScheme() {
            return "shared";
        }
    }

    @TempDir
    Path dir;

    private Path writeConf(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Configuration sharedFs() {
        Configuration hc = new Configuration();
        hc.set("fs.shared.impl", SharedLocalFileSystem.class.getName());
        hc.setBoolean("fs.shared.impl.disable.cache", true);
        return hc;
    }

    @Test
    void aConfigurationReadByUriEqualsTheOneReadByPath() throws IOException {
        Path file = writeConf("stage.conf", "stage = finetune\ntrain { steps = 3, tau = 0.01 }\noutput.uri = \"x\"\n");
        Config byPath = StageConfigLoader.load(file.toString(), List.of("train.steps=5"), null);
        Config byUri =
                StageConfigLoader.load(file.toUri().toString(), new Configuration(), List.of("train.steps=5"), null);
        assertEquals(byPath.root().unwrapped(), byUri.root().unwrapped());
        assertEquals(5, byUri.getInt("train.steps"));
        assertTrue(StageConfigLoader.isUri("hdfs://nn:8020/a.conf"));
        assertFalse(StageConfigLoader.isUri("conf/finetune.conf"));
        assertFalse(StageConfigLoader.isUri("C:\\conf\\finetune.conf"));
    }

    @Test
    void aMissingOrUnparsableUriIsAConfigurationError() throws IOException {
        String missing = dir.resolve("nope.conf").toUri().toString();
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageConfigLoader.load(missing, new Configuration(), List.of(), null));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        String broken = writeConf("broken.conf", "train { steps = \n").toUri().toString();
        e = assertThrows(
                ConfigurationException.class,
                () -> StageConfigLoader.load(broken, new Configuration(), List.of(), null));
        assertTrue(e.getMessage().contains("cannot parse"), e.getMessage());
    }

    @Test
    void stagesUnderTheOutputUriAndTheCopyLoadsTheSame() throws IOException {
        Path conf = writeConf("finetune.conf", "stage = finetune\ntrain.steps = 3\noutput.uri = \"target/x\"\n");
        String output = "shared:" + dir.resolve("run").toAbsolutePath();
        Configuration hc = sharedFs();
        String staged = ConfigFileStager.stage(conf.toString(), null, null, List.of("output.uri=" + output), hc);
        assertTrue(staged.startsWith(output + "/" + ConfigFileStager.STAGING_DIR + "/"), staged);
        assertTrue(staged.endsWith("-finetune.conf"), staged);
        Path copy = Path.of(URI.create(staged).getPath());
        assertArrayEquals(Files.readAllBytes(conf), Files.readAllBytes(copy));
        Config again = StageConfigLoader.load(staged, hc, List.of("output.uri=" + output), null);
        assertEquals(3, again.getInt("train.steps"));
        assertEquals(output, again.getString("output.uri"));
    }

    @Test
    void refusesWhatTheDriverCouldNotRead() throws IOException {
        Path conf = writeConf("pretrain.conf", "stage = pretrain\noutput.uri = \"target/runs/pretrain\"\n");
        Configuration hc = sharedFs();
        ConfigurationException local = assertThrows(
                ConfigurationException.class, () -> ConfigFileStager.stage(conf.toString(), null, null, List.of(), hc));
        assertTrue(local.getMessage().contains("not on a shared file system"), local.getMessage());
        ConfigurationException file = assertThrows(
                ConfigurationException.class,
                () -> ConfigFileStager.stage(conf.toString(), null, null, List.of("output.uri=file:/tmp/r"), hc));
        assertTrue(file.getMessage().contains("not on a shared file system"), file.getMessage());
        Path including = writeConf("including.conf", "include \"pretrain.conf\"\ntrain.steps = 1\n");
        ConfigurationException include = assertThrows(
                ConfigurationException.class,
                () -> ConfigFileStager.stage(including.toString(), null, "shared:" + dir, List.of(), hc));
        assertTrue(include.getMessage().contains("includes other files"), include.getMessage());
        assertEquals(2, ConfigFileStager.run(new String[] {"--conf", conf.toString(), "stage.typo=1"}));
        assertEquals(2, ConfigFileStager.run(new String[] {"--conf", conf.toString()}));
    }
}
