package io.github.gtespark.train.step;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning rate with linear warm-up then linear decay to zero, by optimizer step (the iteration DL4J passes is the
 * global step): {@code lr(t) = peak * (t + 1) / warmup} for {@code t < warmup}, then
 * {@code peak * max(0, (total - t) / (total - warmup))}. Like HuggingFace's {@code get_linear_schedule_with_warmup},
 * except that step 0 already gets {@code peak / warmup} instead of 0 (no wasted first update). Serialisable in DL4J's
 * JSON configuration (shaded Jackson).
 */
public final class WarmupLinearDecaySchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("peak")
    private final double peak;

    @JsonProperty("warmupSteps")
    private final long warmupSteps;

    @JsonProperty("totalSteps")
    private final long totalSteps;

    @JsonCreator
    public WarmupLinearDecaySchedule(
            @JsonProperty("peak") double peak,
            @JsonProperty("warmupSteps") long warmupSteps,
            @JsonProperty("totalSteps") long totalSteps) {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("need peak > 0 and 0 <= warmupSteps < totalSteps, got peak=" + peak
                    + " warmupSteps=" + warmupSteps + " totalSteps=" + totalSteps);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** The learning rate of optimizer step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / (totalSteps - warmupSteps));
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return at(iteration);
    }

    @Override
    public ISchedule clone() {
        return new WarmupLinearDecaySchedule(peak, warmupSteps, totalSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupLinearDecaySchedule s
                && s.peak == peak
                && s.warmupSteps == warmupSteps
                && s.totalSteps == totalSteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, warmupSteps, totalSteps);
    }

    @Override
    public String toString() {
        return "WarmupLinearDecaySchedule(peak=" + peak + ", warmupSteps=" + warmupSteps + ", totalSteps=" + totalSteps
                + ")";
    }
}
