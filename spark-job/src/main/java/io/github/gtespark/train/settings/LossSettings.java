package io.github.gtespark.train.settings;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.loss.LossSpec;

import java.io.Serializable;

/**
 * The loss of a stage: {@code train.loss} (a name of {@link LossRegistry}), {@code train.tau} and the extra terms
 * of the improved loss ({@code train.improved.query-query | doc-query | doc-doc}). An unknown name, or a term switched
 * off for a loss other than {@code improved}, is a one-line error raised while the configuration is read (before
 * Spark starts).
 */
public record LossSettings(String name, double tau, LossSpec.ImprovedTerms improved) implements Serializable {

    static LossSettings from(SettingsReader train) {
        String name = train.string("loss").trim();
        double tau = train.number("tau");
        train.require(tau > 0 && !Double.isInfinite(tau), "tau", "must be > 0");
        if (!LossRegistry.isKnown(name)) {
            throw new ConfigurationException("bad training configuration: " + train.key("loss") + "=" + name
                    + " is not a known loss; known: " + String.join(", ", LossRegistry.names()));
        }
        SettingsReader terms = train.section("improved");
        LossSpec.ImprovedTerms improved = new LossSpec.ImprovedTerms(terms.bool("query-query"), terms.bool("doc-query"),
                terms.bool("doc-doc"));
        if (!improved.all() && !name.equals("improved")) {
            String off = !improved.queryQuery() ? "query-query" : !improved.docQuery() ? "doc-query" : "doc-doc";
            terms.require(false, off, "=false applies only to " + train.key("loss") + " = improved, not " + name);
        }
        return new LossSettings(name, tau, improved);
    }

    /** What the loss registry builds the loss from. */
    public LossSpec spec() {
        return new LossSpec(name, tau, improved);
    }
}
