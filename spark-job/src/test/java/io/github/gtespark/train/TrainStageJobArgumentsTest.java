package io.github.gtespark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.train.data.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            Config c =
                    StageConfigLoader.load(file.toString(), List.of("train.steps=7"), StageSettings.DEFAULTS_RESOURCE);
            StageSettings s = StageSettings.from(c);
            assertEquals(7, s.train().steps());
            assertEquals(name.startsWith("pre") ? "pretrain" : "finetune", s.stage());
            assertEquals(name.startsWith("fine"), s.train().hardNegatives());
            assertTrue(s.train().dynamicPadding(), "batches are padded to their longest sequence by default");
            assertEquals(8, s.train().padToMultipleOf());
        }
    }

    @Test
    void paddingKeysAreReadAndABadMultipleIsAOneLineError() throws Exception {
        Path conf = tmp.resolve("s.conf");
        Files.writeString(conf, "data.uri = \"/d\"\noutput.uri = \"/o\"\n");
        StageSettings fixed = StageSettings.from(StageConfigLoader.load(
                conf.toString(),
                List.of("train.dynamic-padding=false", "train.pad-to-multiple-of=1"),
                StageSettings.DEFAULTS_RESOURCE));
        assertFalse(fixed.train().dynamicPadding());
        assertEquals(1, fixed.train().padToMultipleOf());
        assertEquals(2, fixed.train().aggregationDepth(), "the master's depth unless set");
        assertEquals(2, TrainStageJob.run(new String[] {"--conf", conf.toString(), "train.pad-to-multiple-of=0"}));
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(), List.of("train.pad-to-multiple-of=0"), StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(
                e.getMessage().contains("train.pad-to-multiple-of")
                        && !e.getMessage().contains("\n"),
                e.getMessage());
    }

    @Test
    void aggregationDepthIsReadAndZeroIsAOneLineError() throws Exception {
        Path conf = tmp.resolve("s.conf");
        Files.writeString(conf, "data.uri = \"/d\"\noutput.uri = \"/o\"\n");
        StageSettings deep = StageSettings.from(StageConfigLoader.load(
                conf.toString(), List.of("train.aggregation-depth=3"), StageSettings.DEFAULTS_RESOURCE));
        assertEquals(3, deep.train().aggregationDepth());
        assertEquals(2, TrainStageJob.run(new String[] {"--conf", conf.toString(), "train.aggregation-depth=0"}));
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(), List.of("train.aggregation-depth=0"), StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(
                e.getMessage().contains("train.aggregation-depth")
                        && !e.getMessage().contains("\n"),
                e.getMessage());
    }

    @Test
    void badArgumentsAndKeysAreClearErrorsWithExitCode2() throws Exception {
        assertEquals(2, TrainStageJob.run(new String[] {}));
        assertEquals(2, TrainStageJob.run(new String[] {"--bogus"}));
        Path conf = tmp.resolve("s.conf");
        Files.writeString(conf, "data.uri = \"/d\"\noutput.uri = \"/o\"\n");
        assertEquals(2, TrainStageJob.run(new String[] {"--conf", conf.toString(), "train.stepz=3"}));
        assertEquals(2, TrainStageJob.run(new String[] {"--conf", conf.toString(), "train.tau=-1"}));
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(), List.of("model.init=checkpoint"), StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(e.getMessage().contains("model.path is required"), e.getMessage());
    }

    @Test
    void theConfiguredLossReachesTheTrainingStepAndAnUnknownOneIsAOneLineError() throws Exception {
        Path conf = tmp.resolve("loss.conf");
        Files.writeString(conf, "data.uri = \"/d\"\noutput.uri = \"/o\"\n");
        for (String name : io.github.gtespark.loss.LossRegistry.names()) {
            StageSettings s = StageSettings.from(StageConfigLoader.load(
                    conf.toString(), List.of("train.loss=" + name, "train.tau=0.03"), StageSettings.DEFAULTS_RESOURCE));
            io.github.gtespark.train.step.TrainingStep step = new ProductionComponents.ContrastiveSteps().create(s, 10);
            io.github.gtespark.loss.ContrastiveLoss loss = ((io.github.gtespark.train.step.GradientCachedTrainingStep)
                            step)
                    .gradientCache()
                    .loss();
            assertEquals(
                    io.github.gtespark.loss.LossRegistry.create(new io.github.gtespark.loss.LossSpec(name, 0.03))
                            .getClass(),
                    loss.getClass(),
                    name);
            assertEquals(0.03, loss.temperature());
        }
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(), List.of("train.loss=triplet"), StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(
                e.getMessage()
                        .startsWith("bad training configuration: train.loss=triplet is not a known loss; "
                                + "known: improved, infonce, symmetric-infonce, cosent"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(2, TrainStageJob.run(new String[] {"--conf", conf.toString(), "train.loss=triplet"}));
    }

    @Test
    void theShippedStsConfigTrainsCoSentOnStsBenchmark() {
        StageSettings s = StageSettings.from(StageConfigLoader.load(
                repoConf("finetune-sts.conf").toString(), List.of(), StageSettings.DEFAULTS_RESOURCE));
        assertEquals("cosent", s.train().loss().name());
        assertEquals(0.05, s.train().loss().tau());
        assertEquals(2e-5, s.train().learningRate());
        assertEquals(1.0, s.train().epochs());
        assertTrue(io.github.gtespark.loss.LossRegistry.create(s.train().loss().spec())
                .needsScores());
    }

    @Test
    void theShippedStsNliConfigRoutesStsBatchesToCoSent() {
        StageSettings s = StageSettings.from(StageConfigLoader.load(
                repoConf("finetune-sts-nli.conf").toString(), List.of(), StageSettings.DEFAULTS_RESOURCE));
        assertEquals("infonce", s.train().loss().name());
        assertEquals("cosent", s.train().loss().scoredLoss());
        assertEquals(0.05, s.train().loss().tau());
        assertEquals(57, s.train().warmupSteps());
        assertEquals(5e-6, s.train().learningRate());
        assertEquals("finetune-sts-nli", s.stage());
    }

    /**
     * The job's exit status with a master no Spark can start: a job that answers a configuration error before it
     * starts Spark returns its own status; one that tries to start Spark fails in getOrCreate.
     */
    private static int runWithoutSpark(String... args) {
        String master = System.getProperty("spark.master");
        System.setProperty("spark.master", "no-such-master://nowhere");
        try {
            return TrainStageJob.run(args);
        } finally {
            if (master == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", master);
            }
        }
    }

    /** A manifest as prepare-corpus writes it, with the given sources ("name" or "name:scored"). */
    private Path corpus(String name, String... sources) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        StringBuilder list = new StringBuilder();
        for (String s : sources) {
            String n = s.replace(":scored", "");
            list.append(list.length() == 0 ? "" : ",")
                    .append("{\"name\":\"")
                    .append(n)
                    .append("\",\"sampled\":16")
                    .append(s.endsWith(":scored") ? ",\"score\":{\"column\":\"4\",\"min\":0.0,\"max\":5.0}" : "")
                    .append("}");
        }
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"batch_size\":16,\"max_length\":128,\"pairs\":16,\"batches\":1,\"hard_negatives\":0,"
                        + "\"shards\":[\"shard-00000.parquet\"],\"sources\":[" + list + "]}");
        return dir;
    }

    @Test
    void scoredLossRoutesScoredBatchesAndNeedsAScoredSource() throws Exception {
        Path conf = tmp.resolve("routed.conf");
        Files.writeString(
                conf,
                "output.uri = \"" + tmp.resolve("run") + "\"\ntrain.loss = improved\ntrain.scored-loss = cosent\n");
        Path plain = corpus("plain2", "snli");
        Path mixed = corpus("mixed2", "stsb:scored", "snli");
        StageSettings s = StageSettings.from(
                StageConfigLoader.load(conf.toString(), List.of("data.uri=" + mixed), StageSettings.DEFAULTS_RESOURCE));
        assertEquals("cosent", s.train().loss().scoredLoss());
        assertEquals(
                "improved(qq,dq,dd)+scored:cosent",
                io.github.gtespark.loss.LossRegistry.create(s.train().loss().spec())
                        .label());
        // a mixed corpus is what it is for
        StageTrainer.checkScores(s, ShardManifest.read(mixed.toString(), new org.apache.hadoop.conf.Configuration()));
        // a corpus without any scored source: one line, before Spark
        StageSettings onPlain = StageSettings.from(
                StageConfigLoader.load(conf.toString(), List.of("data.uri=" + plain), StageSettings.DEFAULTS_RESOURCE));
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StageTrainer.checkScores(
                        onPlain, ShardManifest.read(plain.toString(), new org.apache.hadoop.conf.Configuration())));
        assertTrue(
                e.getMessage()
                        .startsWith("train.scored-loss=cosent trains the batches that carry gold scores, "
                                + "but data.uri="),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(2, runWithoutSpark("--conf", conf.toString(), "data.uri=" + plain));
        // configuration errors
        ConfigurationException unknown = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(),
                        List.of("data.uri=" + mixed, "train.scored-loss=cosnt"),
                        StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(
                unknown.getMessage().contains("train.scored-loss=cosnt is not a known loss; known: improved"),
                unknown.getMessage());
        ConfigurationException both = assertThrows(
                ConfigurationException.class,
                () -> StageSettings.from(StageConfigLoader.load(
                        conf.toString(),
                        List.of("data.uri=" + mixed, "train.loss=cosent"),
                        StageSettings.DEFAULTS_RESOURCE)));
        assertTrue(
                both.getMessage().contains("train.loss") && both.getMessage().contains("needs scores"),
                both.getMessage());
        assertEquals(1, both.getMessage().lines().count(), both.getMessage());
    }

    @Test
    void coSentOnACorpusWithoutScoresIsAOneLineErrorBeforeSparkStarts() throws Exception {
        Path conf = tmp.resolve("cosent.conf");
        Files.writeString(conf, "output.uri = \"" + tmp.resolve("run") + "\"\ntrain.loss = cosent\ntrain.tau = 0.05\n");
        Path plain = corpus("plain", "snli");
        Path mixed = corpus("mixed", "stsb:scored", "snli");
        Path scored = corpus("scored", "stsb:scored");
        for (Path data : List.of(plain, mixed)) {
            StageSettings s = StageSettings.from(StageConfigLoader.load(
                    conf.toString(), List.of("data.uri=" + data), StageSettings.DEFAULTS_RESOURCE));
            ShardManifest m = ShardManifest.read(data.toString(), new org.apache.hadoop.conf.Configuration());
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> StageTrainer.checkScores(s, m));
            assertTrue(
                    e.getMessage().startsWith("train.loss=cosent needs a gold score for every pair, but in data.uri="),
                    e.getMessage());
            assertTrue(e.getMessage().contains("source(s) snli carry none"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertEquals(2, runWithoutSpark("--conf", conf.toString(), "data.uri=" + data));
        }
        // a scored corpus passes the check; other losses do not care
        StageSettings ok = StageSettings.from(StageConfigLoader.load(
                conf.toString(), List.of("data.uri=" + scored), StageSettings.DEFAULTS_RESOURCE));
        StageTrainer.checkScores(ok, ShardManifest.read(scored.toString(), new org.apache.hadoop.conf.Configuration()));
        StageSettings infonce = StageSettings.from(StageConfigLoader.load(
                conf.toString(), List.of("data.uri=" + plain, "train.loss=infonce"), StageSettings.DEFAULTS_RESOURCE));
        StageTrainer.checkScores(
                infonce, ShardManifest.read(plain.toString(), new org.apache.hadoop.conf.Configuration()));
    }

    @Test
    void namedEvaluationSetsAndTheShorthandsAreReadInOrderWithTheirLocationsResolved() throws Exception {
        Path base = Path.of("/opt/gte");
        Config c = LocationResolver.resolveAll(
                StageConfigLoader.load(
                        null,
                        List.of(
                                "data.uri=d",
                                "output.uri=o",
                                "eval.sets=[{name = se, type = retrieval, path = dev/se}, {name = stsb, type = STS, path = \"hdfs://nn/s.tsv\"}]",
                                "eval.sts-dev=sts.tsv"),
                        StageSettings.DEFAULTS_RESOURCE),
                base);
        StageSettings s = StageSettings.from(c);
        assertEquals(
                List.of(
                        new io.github.gtespark.eval.EvaluationSet(
                                "se", io.github.gtespark.eval.EvaluationSet.Type.RETRIEVAL, "file:///opt/gte/dev/se"),
                        new io.github.gtespark.eval.EvaluationSet(
                                "stsb", io.github.gtespark.eval.EvaluationSet.Type.STS, "hdfs://nn/s.tsv"),
                        new io.github.gtespark.eval.EvaluationSet(
                                "sts-dev", io.github.gtespark.eval.EvaluationSet.Type.STS, "file:///opt/gte/sts.tsv")),
                s.eval().sets());
        for (String[] bad : new String[][] {
            {
                "eval.sets=[{name = a, type = sts, path = x}, {name = a, type = sts, path = y}]",
                "a second evaluation set named a"
            },
            {"eval.sets=[{name = a, type = graph, path = x}]", "eval.sets[0]: unknown evaluation set type 'graph'"},
            {"eval.sets=[{name = a, type = sts}]", "eval.sets[0] has no path"},
            {"eval.retrieval=x", null}
        }) {
            List<String> overrides = List.of("data.uri=d", "output.uri=o", bad[0]);
            if (bad[1] == null) {
                assertEquals(
                        "retrieval",
                        StageSettings.from(StageConfigLoader.load(null, overrides, StageSettings.DEFAULTS_RESOURCE))
                                .eval()
                                .sets()
                                .get(0)
                                .name());
                continue;
            }
            ConfigurationException e = assertThrows(
                    ConfigurationException.class,
                    () -> StageSettings.from(StageConfigLoader.load(null, overrides, StageSettings.DEFAULTS_RESOURCE)));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void relativeLocationsBecomeFileUrisUnderTheBaseAndUrisStay() {
        Path base = Path.of("/opt/gte");
        assertEquals(
                "file:///opt/gte/target/corpus/pretrain", LocationResolver.resolve("target/corpus/pretrain", base));
        assertEquals("hdfs://nn:8020/x", LocationResolver.resolve("hdfs://nn:8020/x", base));
        assertEquals("/abs/path", LocationResolver.resolve("/abs/path", base));
        assertEquals("", LocationResolver.resolve("", base));
        Config c = LocationResolver.resolveAll(
                StageConfigLoader.load(
                        null,
                        List.of("data.uri=corpus", "output.uri=s3a://bucket/run", "eval.sts-dev=dev.tsv"),
                        StageSettings.DEFAULTS_RESOURCE),
                base);
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
