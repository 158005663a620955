package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.List;

/**
 * One output row of a query: the positives it carries and the negatives selected for them (in rank order). Under
 * {@link NegativesPer#QUERY} a query has at most one row with all its kept positives; under
 * {@link NegativesPer#POSITIVE} one row per kept positive that found a negative.
 */
public record MinedRow(List<ScoredPositive> positives, List<MinedNegative> negatives) implements Serializable {

    public MinedRow {
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
    }
}
