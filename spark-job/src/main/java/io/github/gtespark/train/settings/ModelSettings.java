package io.github.gtespark.train.settings;

import java.io.Serializable;
import java.util.Locale;

/** Section {@code model}: where the stage's start encoder comes from. */
public record ModelSettings(ModelInit init, String name, String path, RandomEncoderShape random)
        implements Serializable {

    /** Where the stage's start model comes from. */
    public enum ModelInit {
        /** a built-in pretrained model by name (model.name) */
        PRETRAINED,
        /** a Hugging Face / sentence-transformers directory (model.path) */
        HUGGINGFACE,
        /** a training checkpoint (model.path: a checkpoint, a checkpoints directory or a run directory) */
        CHECKPOINT,
        /** random initialisation with the sizes of model.random */
        RANDOM
    }

    /** Sizes of a randomly initialised BERT encoder ({@code model.random}). */
    public record RandomEncoderShape(
            int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize, int maxPositions)
            implements Serializable {

        static RandomEncoderShape from(SettingsReader r) {
            return new RandomEncoderShape(
                    r.integer("vocab-size"),
                    r.integer("hidden-size"),
                    r.integer("layers"),
                    r.integer("heads"),
                    r.integer("intermediate-size"),
                    r.integer("max-positions"));
        }
    }

    public static ModelSettings from(SettingsReader r) {
        String initName = r.string("init").trim();
        ModelInit init;
        try {
            init = ModelInit.valueOf(initName.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new io.github.gtespark.config.ConfigurationException("bad training configuration: " + r.key("init")
                    + "=" + initName + " is not one of pretrained, huggingface, checkpoint, random");
        }
        String path = r.string("path");
        r.require(
                init == ModelInit.PRETRAINED || init == ModelInit.RANDOM || !path.isBlank(),
                "path",
                "is required with model.init=" + init.name().toLowerCase(Locale.ROOT));
        return new ModelSettings(init, r.string("name"), path, RandomEncoderShape.from(r.section("random")));
    }
}
