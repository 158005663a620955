package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.StageConfigLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A local[2] Spark session per test class and a stage configuration for the tiny test setup. */
final class SparkTestSupport {

    private SparkTestSupport() {}

    static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("train-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** Defaults + the tiny setup + {@code overrides}. */
    static Config config(String dataUri, String outputUri, String... overrides) {
        List<String> all = new ArrayList<>(List.of(
                "data.uri=" + dataUri,
                "output.uri=" + outputUri,
                "model.init=random",
                "train.workers=2",
                "train.averaging-frequency=2",
                "train.steps=8",
                "train.max-length=8",
                "train.seed=7",
                "checkpoint.keep-last=10"));
        all.addAll(Arrays.asList(overrides));
        return StageConfigLoader.load(null, all, io.github.gtespark.train.StageSettings.DEFAULTS_RESOURCE);
    }

    /** Components with the tiny encoder and the topic fit step (no exporter or evaluator). */
    static StageComponents tinyComponents() {
        return new StageComponents(
                (s, hc) -> TinyEncoder.create(s.train().seed(), s.train().maxLength()),
                (s, total) -> new TopicFitStep(s.train().seed()),
                null,
                null);
    }
}
