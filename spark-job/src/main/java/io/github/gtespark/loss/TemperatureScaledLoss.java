package io.github.gtespark.loss;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What every loss over scaled cosine similarities s(a, b) = cos(a, b) / tau shares: its temperature tau, checked to
 * be positive and finite, serialised as {@code temperature}.
 */
abstract class TemperatureScaledLoss implements ContrastiveLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("temperature")
    protected final double temperature;

    protected TemperatureScaledLoss(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public double temperature() {
        return temperature;
    }
}
