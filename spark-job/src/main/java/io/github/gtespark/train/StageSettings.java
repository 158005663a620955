package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.train.settings.CheckpointSettings;
import io.github.gtespark.train.settings.EvalSettings;
import io.github.gtespark.train.settings.ModelSettings;
import io.github.gtespark.train.settings.SettingsReader;
import io.github.gtespark.train.settings.TrainSettings;
import java.io.Serializable;

/**
 * The typed settings of one training stage, read from its HOCON configuration (defaults in
 * {@code io/github/gtespark/train/stage-defaults.conf}, documented there key by key): one nested record per HOCON
 * section, each read and validated by its own {@code from} with the key's name in every error.
 */
public record StageSettings(
        String stage,
        ModelSettings model,
        String dataUri,
        String outputUri,
        TrainSettings train,
        EvalSettings eval,
        CheckpointSettings checkpoint,
        boolean includePreviousMetrics)
        implements Serializable {

    public static final String DEFAULTS_RESOURCE = "io/github/gtespark/train/stage-defaults.conf";

    /** @throws ConfigurationException naming the key, for a missing, mistyped or invalid value */
    public static StageSettings from(Config c) {
        SettingsReader r = new SettingsReader(c);
        String dataUri = r.string("data.uri");
        String outputUri = r.string("output.uri");
        r.require(
                !dataUri.isBlank(),
                "data.uri",
                "is required (the directory of prepare-corpus's shards and manifest.json)");
        r.require(!outputUri.isBlank(), "output.uri", "is required (the run directory)");
        ModelSettings model = ModelSettings.from(r.section("model"));
        TrainSettings train = TrainSettings.from(r.section("train"));
        if (model.init() == ModelSettings.ModelInit.RANDOM) {
            train.loss().checkHiddenSize(model.random().hiddenSize()); // other encoders: at stage start (StageTrainer)
        }
        return new StageSettings(
                r.string("stage"),
                model,
                dataUri,
                outputUri,
                train,
                EvalSettings.from(r.section("eval")),
                CheckpointSettings.from(r.section("checkpoint")),
                r.bool("metrics.include-previous"));
    }
}
