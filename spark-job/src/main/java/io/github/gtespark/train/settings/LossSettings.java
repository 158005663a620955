package io.github.gtespark.train.settings;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.loss.LossSpec;
import java.io.Serializable;
import java.util.List;

/**
 * The loss of a stage: {@code train.loss} (a name of {@link LossRegistry}), {@code train.tau} and the extra terms
 * of the improved loss ({@code train.improved.query-query | doc-query | doc-doc}), Matryoshka
 * ({@code train.matryoshka-dims}, {@code train.matryoshka-weights}) and the loss of scored batches
 * ({@code train.scored-loss}, empty: none). An unknown name, a term switched off for a loss
 * other than {@code improved}, dimensions that are not strictly decreasing positive integers or a weight list of
 * another length are one-line errors raised while the configuration is read (before Spark starts); dimensions above
 * the encoder's hidden size are refused at stage start, once the encoder is known ({@link #checkHiddenSize}).
 */
public record LossSettings(
        String name,
        double tau,
        LossSpec.ImprovedTerms improved,
        List<Integer> matryoshkaDims,
        List<Double> matryoshkaWeights,
        String scoredLoss)
        implements Serializable {

    static LossSettings from(SettingsReader train) {
        String name = train.string("loss").trim();
        double tau = train.number("tau");
        train.require(tau > 0 && !Double.isInfinite(tau), "tau", "must be > 0");
        if (!LossRegistry.isKnown(name)) {
            throw new ConfigurationException("bad training configuration: " + train.key("loss") + "=" + name
                    + " is not a known loss; known: " + String.join(", ", LossRegistry.names()));
        }
        SettingsReader terms = train.section("improved");
        LossSpec.ImprovedTerms improved =
                new LossSpec.ImprovedTerms(terms.bool("query-query"), terms.bool("doc-query"), terms.bool("doc-doc"));
        if (!improved.all() && !name.equals("improved")) {
            String off = !improved.queryQuery() ? "query-query" : !improved.docQuery() ? "doc-query" : "doc-doc";
            terms.require(false, off, "=false applies only to " + train.key("loss") + " = improved, not " + name);
        }
        List<Integer> dims = List.copyOf(train.integers("matryoshka-dims"));
        for (int t = 0; t < dims.size(); t++) {
            train.require(
                    dims.get(t) > 0 && (t == 0 || dims.get(t) < dims.get(t - 1)),
                    "matryoshka-dims",
                    "=" + dims + " must be positive and strictly decreasing, e.g. [384, 256, 128, 64]");
        }
        List<Double> weights = List.copyOf(train.numbers("matryoshka-weights"));
        train.require(
                weights.isEmpty() || weights.size() == dims.size(),
                "matryoshka-weights",
                "=" + weights + " has " + weights.size() + " weights but " + train.key("matryoshka-dims") + "=" + dims
                        + " has " + dims.size() + " dimensions (one weight per dimension, or [] for all 1)");
        for (double w : weights) {
            train.require(
                    w > 0 && !Double.isInfinite(w),
                    "matryoshka-weights",
                    "=" + weights + " must all be finite and > 0");
        }
        String scored = train.string("scored-loss").trim();
        if (!scored.isEmpty()) {
            if (!LossRegistry.isKnown(scored)) {
                throw new ConfigurationException("bad training configuration: " + train.key("scored-loss") + "="
                        + scored + " is not a known loss; known: " + String.join(", ", LossRegistry.names()));
            }
            train.require(
                    !LossRegistry.create(new LossSpec(name, tau)).needsScores(),
                    "loss",
                    "=" + name + " needs scores; with " + train.key("scored-loss") + " set, " + train.key("loss")
                            + " is the loss of the batches without scores (e.g. improved)");
        }
        return new LossSettings(name, tau, improved, dims, weights, scored);
    }

    /**
     * @throws ConfigurationException when a Matryoshka dimension exceeds the encoder's embedding size {@code hidden}
     */
    public void checkHiddenSize(long hidden) {
        if (!matryoshkaDims.isEmpty() && matryoshkaDims.get(0) > hidden) {
            throw new ConfigurationException("bad training configuration: train.matryoshka-dims=" + matryoshkaDims
                    + " asks for " + matryoshkaDims.get(0) + " dimensions but the encoder's embeddings have " + hidden);
        }
    }

    /** What the loss registry builds the loss from. */
    public LossSpec spec() {
        return new LossSpec(name, tau, improved, matryoshkaDims, matryoshkaWeights, scoredLoss);
    }
}
