package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command line, configuration files and location resolution of the job (no Spark needed). */
class TrainStageJobArgumentsTest {

    @TempDir
    Path tmp;

    private static Path repoConf(String name) {
        return Path.of(System.getProperty("gte.repo.root"), "conf", name);
    }

    @Test
    void shippedStageConfigsLoadAndValidate() {
        for (String name : List.of("pretrain.conf", "finetune.conf")) {
            Path file = repoConf(name);
            Config c = StageConfigLoader.load(file.toString(), List.of("train.steps=7"), StageSettings.DEFAULTS_RESOURCE);
            StageSettings s = StageSettings.from(c);
            assertEquals(7, s.train().steps());
            assertEquals(name.startsWith("pre") ? "pretrain" : "finetune", s.stage());
            assertEquals(name.startsWith("fine"), s.train().hardNegatives());
        }
    }

    @Test
    void badArgumentsAndKeysAreClearErrorsWithExitCode2() throws Exception {
        assertEquals(2, TrainStageJob.run(new String[]{}));
        assertEquals(2, TrainStageJob.run(new String[]{"--bogus"}));
        Path conf = tmp.resolve("s.conf");
        Files.writeString(conf, "data.uri = \"/d\"\noutput.uri = \"/o\"\n");
        assertEquals(2, TrainStageJob.run(new String[]{"--conf", conf.toString(), "train.stepz=3"}));
        assertEquals(2, TrainStageJob.run(new String[]{"--conf", conf.toString(), "train.tau=-1"}));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StageSettings.from(
                StageConfigLoader.load(conf.toString(), List.of("model.init=checkpoint"), StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(e.getMessage().contains("model.path is required"), e.getMessage());
    }

    @Test
    void relativeLocationsBecomeFileUrisUnderTheBaseAndUrisStay() {
        Path base = Path.of("/opt/gte");
        assertEquals("file:///opt/gte/target/corpus/pretrain", LocationResolver.resolve("target/corpus/pretrain", base));
        assertEquals("hdfs://nn:8020/x", LocationResolver.resolve("hdfs://nn:8020/x", base));
        assertEquals("/abs/path", LocationResolver.resolve("/abs/path", base));
        assertEquals("", LocationResolver.resolve("", base));
        Config c = LocationResolver.resolveAll(StageConfigLoader.load(null,
                List.of("data.uri=corpus", "output.uri=s3a://bucket/run", "eval.sts-dev=dev.tsv"),
                StageSettings.DEFAULTS_RESOURCE), base);
        assertEquals("file:///opt/gte/corpus", c.getString("data.uri"));
        assertEquals("s3a://bucket/run", c.getString("output.uri"));
        assertEquals("file:///opt/gte/dev.tsv", c.getString("eval.sts-dev"));
        assertEquals("", c.getString("model.path"));
    }

    @Test
    void executorsGetOneNd4jThreadPerTaskCpuAndPassiveWaitingUnlessSubmitted() {
        org.apache.spark.SparkConf plain = new org.apache.spark.SparkConf(false);
        assertEquals("1", TrainStageJob.executorEnvDefaults(plain).get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("PASSIVE", TrainStageJob.executorEnvDefaults(plain).get("spark.executorEnv.OMP_WAIT_POLICY"));
        org.apache.spark.SparkConf fourCpuTasks = new org.apache.spark.SparkConf(false).set("spark.task.cpus", "4");
        assertEquals("4", TrainStageJob.executorEnvDefaults(fourCpuTasks).get("spark.executorEnv.OMP_NUM_THREADS"));
    }
}
