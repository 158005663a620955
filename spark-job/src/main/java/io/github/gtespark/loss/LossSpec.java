package io.github.gtespark.loss;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link LossRegistry} builds a loss from: its registered name, temperature tau (s = cos / tau) and the options
 * of particular losses. New options of a loss are added here, read in {@code train.settings.LossSettings} and passed
 * on by its factory.
 *
 * @param name        a {@link LossRegistry} name
 * @param temperature tau
 * @param improved    which extra terms of Z_i the {@code improved} loss uses ({@code train.improved.*})
 * @param matryoshkaDims    empty: no Matryoshka; otherwise the loss is wrapped in a {@link MatryoshkaLoss} over these
 *                          dimensions ({@code train.matryoshka-dims})
 * @param matryoshkaWeights empty (all 1) or one weight per dimension ({@code train.matryoshka-weights})
 * @param scoredLoss        empty: every batch is trained with {@code name}; otherwise the {@link LossRegistry} name of
 *                          the loss of batches that carry gold scores ({@link ScoreRoutedLoss}, {@code
 *                          train.scored-loss})
 */
public record LossSpec(
        String name,
        double temperature,
        ImprovedTerms improved,
        List<Integer> matryoshkaDims,
        List<Double> matryoshkaWeights,
        String scoredLoss)
        implements Serializable {

    /** The extra terms of the improved loss's partition function: q-q, d-q and d-d (q-d is always on). */
    public record ImprovedTerms(boolean queryQuery, boolean docQuery, boolean docDoc) implements Serializable {
        public static final ImprovedTerms ALL = new ImprovedTerms(true, true, true);

        public boolean all() {
            return queryQuery && docQuery && docDoc;
        }
    }

    public LossSpec {
        if (improved == null) {
            throw new IllegalArgumentException("improved terms are required (ImprovedTerms.ALL: all on)");
        }
        matryoshkaDims = List.copyOf(matryoshkaDims);
        matryoshkaWeights = List.copyOf(matryoshkaWeights);
        scoredLoss = scoredLoss == null ? "" : scoredLoss;
    }

    /** One loss for every batch. */
    public LossSpec(
            String name,
            double temperature,
            ImprovedTerms improved,
            List<Integer> matryoshkaDims,
            List<Double> matryoshkaWeights) {
        this(name, temperature, improved, matryoshkaDims, matryoshkaWeights, "");
    }

    /** All options at their defaults. */
    public LossSpec(String name, double temperature) {
        this(name, temperature, ImprovedTerms.ALL);
    }

    /** Without Matryoshka. */
    public LossSpec(String name, double temperature, ImprovedTerms improved) {
        this(name, temperature, improved, List.of(), List.of());
    }
}
