package io.github.gtespark.train.settings;

import java.io.Serializable;

/** Section {@code checkpoint}: how often checkpoints are written and how many are kept. */
public record CheckpointSettings(long intervalSteps, int keepLast) implements Serializable {

    public static CheckpointSettings from(SettingsReader r) {
        long interval = r.longValue("interval-steps");
        int keepLast = r.integer("keep-last");
        r.require(interval >= 0, "interval-steps", "must be >= 0");
        r.require(keepLast >= 1, "keep-last", "must be >= 1");
        return new CheckpointSettings(interval, keepLast);
    }
}
