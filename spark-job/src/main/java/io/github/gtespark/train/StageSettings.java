package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;

import java.io.Serializable;

/**
 * The typed settings of one training stage, read from its HOCON configuration (defaults in
 * {@code io/github/gtespark/train/stage-defaults.conf}, documented there key by key).
 */
public record StageSettings(
        String stage,
        ModelInit modelInit, String modelName, String modelPath, RandomEncoderShape randomShape,
        String dataUri, String outputUri,
        boolean hardNegatives, double tau, double learningRate, long warmupSteps, String schedule,
        double weightDecay, int batchSize, int chunkSize, int averagingFrequency, int workers,
        long steps, double epochs, int maxLength, double maxGradNorm, long seed,
        long evalIntervalSteps, String stsDevUri, String retrievalUri, int evalBatchSize, int evalMaxQueries,
        int evalMaxStsPairs, int evalMaxLength,
        long checkpointIntervalSteps, int keepLast, boolean includePreviousMetrics) implements Serializable {

    public static final String DEFAULTS_RESOURCE = "io/github/gtespark/train/stage-defaults.conf";

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

    /** Sizes of a randomly initialised BERT encoder. */
    public record RandomEncoderShape(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize,
                                     int maxPositions) implements Serializable {
    }

    public static StageSettings from(Config c) {
        try {
            ModelInit init = ModelInit.valueOf(c.getString("model.init").trim().toUpperCase().replace('-', '_'));
            StageSettings s = new StageSettings(
                    c.getString("stage"),
                    init, c.getString("model.name"), c.getString("model.path"),
                    new RandomEncoderShape(c.getInt("model.random.vocab-size"), c.getInt("model.random.hidden-size"),
                            c.getInt("model.random.layers"), c.getInt("model.random.heads"),
                            c.getInt("model.random.intermediate-size"), c.getInt("model.random.max-positions")),
                    c.getString("data.uri"), c.getString("output.uri"),
                    c.getBoolean("train.hard-negatives"), c.getDouble("train.tau"), c.getDouble("train.learning-rate"),
                    c.getLong("train.warmup-steps"), c.getString("train.schedule"), c.getDouble("train.weight-decay"),
                    c.getInt("train.batch-size"), c.getInt("train.chunk-size"), c.getInt("train.averaging-frequency"),
                    c.getInt("train.workers"), c.getLong("train.steps"), c.getDouble("train.epochs"),
                    c.getInt("train.max-length"), c.getDouble("train.max-grad-norm"), c.getLong("train.seed"),
                    c.getLong("eval.interval-steps"), c.getString("eval.sts-dev"), c.getString("eval.retrieval"),
                    c.getInt("eval.batch-size"), c.getInt("eval.max-queries"),
                    c.getInt("eval.max-sts-pairs"), c.getInt("eval.max-length"),
                    c.getLong("checkpoint.interval-steps"), c.getInt("checkpoint.keep-last"),
                    c.getBoolean("metrics.include-previous"));
            s.validate();
            return s;
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigurationException("bad training configuration: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("bad training configuration: " + e.getMessage(), e);
        }
    }

    private void validate() {
        require(!dataUri.isBlank(), "data.uri is required (the directory of prepare-corpus's shards and manifest.json)");
        require(!outputUri.isBlank(), "output.uri is required (the run directory)");
        require(tau > 0, "train.tau must be > 0");
        require(learningRate > 0, "train.learning-rate must be > 0");
        require(warmupSteps >= 0, "train.warmup-steps must be >= 0");
        require(schedule.equals("linear"), "train.schedule must be linear (warm-up, then linear decay to 0)");
        require(batchSize >= 0, "train.batch-size must be >= 0 (0: the manifest's batch_size)");
        require(chunkSize > 0, "train.chunk-size must be > 0");
        require(averagingFrequency > 0, "train.averaging-frequency must be > 0");
        require(workers > 0, "train.workers must be > 0");
        require(steps > 0 || epochs > 0, "set train.steps > 0 or train.epochs > 0");
        require(maxLength >= 2, "train.max-length must be >= 2");
        require(keepLast >= 1, "checkpoint.keep-last must be >= 1");
        require(evalIntervalSteps >= 0 && checkpointIntervalSteps >= 0, "interval steps must be >= 0");
        require(modelInit == ModelInit.PRETRAINED || modelInit == ModelInit.RANDOM || !modelPath.isBlank(),
                "model.path is required with model.init=" + modelInit.name().toLowerCase());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
