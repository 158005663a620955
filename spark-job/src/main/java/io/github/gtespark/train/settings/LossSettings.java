package io.github.gtespark.train.settings;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.loss.LossSpec;

import java.io.Serializable;

/**
 * The loss of a stage: {@code train.loss} (a name of {@link LossRegistry}) and {@code train.tau}. An unknown name
 * is a one-line error naming the known ones, raised while the configuration is read (before Spark starts).
 */
public record LossSettings(String name, double tau) implements Serializable {

    static LossSettings from(SettingsReader train) {
        String name = train.string("loss").trim();
        double tau = train.number("tau");
        train.require(tau > 0 && !Double.isInfinite(tau), "tau", "must be > 0");
        if (!LossRegistry.isKnown(name)) {
            throw new ConfigurationException("bad training configuration: " + train.key("loss") + "=" + name
                    + " is not a known loss; known: " + String.join(", ", LossRegistry.names()));
        }
        return new LossSettings(name, tau);
    }

    /** What the loss registry builds the loss from. */
    public LossSpec spec() {
        return new LossSpec(name, tau);
    }
}
