package io.github.gtespark.loss;

import java.io.Serializable;

/**
 * What {@link LossRegistry} builds a loss from: its registered name and temperature tau (s = cos / tau). New
 * options of a loss are added here, read in {@code train.settings.LossSettings} and passed on by its factory.
 */
public record LossSpec(String name, double temperature) implements Serializable {
}
