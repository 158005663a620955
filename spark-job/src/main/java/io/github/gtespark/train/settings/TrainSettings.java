package io.github.gtespark.train.settings;

import java.io.Serializable;

/** Section {@code train}: optimisation, batch layout, distribution and the loss of a stage. */
public record TrainSettings(
        boolean hardNegatives,
        LossSettings loss,
        double learningRate,
        long warmupSteps,
        String schedule,
        double weightDecay,
        int batchSize,
        int chunkSize,
        int averagingFrequency,
        int aggregationDepth,
        int workers,
        long steps,
        double epochs,
        int maxLength,
        boolean dynamicPadding,
        int padToMultipleOf,
        double maxGradNorm,
        long seed)
        implements Serializable {

    public static TrainSettings from(SettingsReader r) {
        double learningRate = r.number("learning-rate");
        long warmupSteps = r.longValue("warmup-steps");
        String schedule = r.string("schedule");
        int batchSize = r.integer("batch-size");
        int chunkSize = r.integer("chunk-size");
        int averagingFrequency = r.integer("averaging-frequency");
        int aggregationDepth = r.integer("aggregation-depth");
        int workers = r.integer("workers");
        long steps = r.longValue("steps");
        double epochs = r.number("epochs");
        int maxLength = r.integer("max-length");
        boolean dynamicPadding = r.bool("dynamic-padding");
        int padToMultipleOf = r.integer("pad-to-multiple-of");
        r.require(learningRate > 0, "learning-rate", "must be > 0");
        r.require(warmupSteps >= 0, "warmup-steps", "must be >= 0");
        r.require(schedule.equals("linear"), "schedule", "must be linear (warm-up, then linear decay to 0)");
        r.require(batchSize >= 0, "batch-size", "must be >= 0 (0: the manifest's batch_size)");
        r.require(chunkSize > 0, "chunk-size", "must be > 0");
        r.require(averagingFrequency > 0, "averaging-frequency", "must be > 0");
        r.require(
                aggregationDepth >= 1, "aggregation-depth", "must be >= 1 (1: the driver adds every worker's result)");
        r.require(workers > 0, "workers", "must be > 0");
        SettingsReader.check(steps > 0 || epochs > 0, "set train.steps > 0 or train.epochs > 0");
        r.require(maxLength >= 2, "max-length", "must be >= 2");
        r.require(padToMultipleOf >= 1, "pad-to-multiple-of", "must be >= 1 (1: pad to the longest sequence exactly)");
        return new TrainSettings(
                r.bool("hard-negatives"),
                LossSettings.from(r),
                learningRate,
                warmupSteps,
                schedule,
                r.number("weight-decay"),
                batchSize,
                chunkSize,
                averagingFrequency,
                aggregationDepth,
                workers,
                steps,
                epochs,
                maxLength,
                dynamicPadding,
                padToMultipleOf,
                r.number("max-grad-norm"),
                r.longValue("seed"));
    }
}
