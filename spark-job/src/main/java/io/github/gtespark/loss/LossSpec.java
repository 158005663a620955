package io.github.gtespark.loss;

import java.io.Serializable;

/**
 * What {@link LossRegistry} builds a loss from: its registered name, temperature tau (s = cos / tau) and the options
 * of particular losses. New options of a loss are added here, read in {@code train.settings.LossSettings} and passed
 * on by its factory.
 *
 * @param name        a {@link LossRegistry} name
 * @param temperature tau
 * @param improved    which extra terms of Z_i the {@code improved} loss uses ({@code train.improved.*})
 */
public record LossSpec(String name, double temperature, ImprovedTerms improved) implements Serializable {

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
    }

    /** All options at their defaults. */
    public LossSpec(String name, double temperature) {
        this(name, temperature, ImprovedTerms.ALL);
    }
}
