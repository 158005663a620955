package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link MiningRules} decided for one query: the positives the consistency filter removed
 * ({@code inconsistent}), the output rows (each with its positives and its selected negatives) and the kept positives
 * for which no negative passed the rules ({@code noNegative}, excluded with that reason).
 */
public record MiningDecision(List<ScoredPositive> inconsistent, List<MinedRow> rows, List<ScoredPositive> noNegative)
        implements Serializable {

    public MiningDecision {
        inconsistent = List.copyOf(inconsistent);
        rows = List.copyOf(rows);
        noNegative = List.copyOf(noNegative);
    }

    public boolean hasRow() {
        return !rows.isEmpty();
    }

    /** The positives the consistency filter kept: those in a row, then those without a negative. */
    public List<ScoredPositive> kept() {
        List<ScoredPositive> out = new ArrayList<>();
        rows.forEach(r -> out.addAll(r.positives()));
        out.addAll(noNegative);
        return out;
    }

    /** The selected negatives of every row, in row order. */
    public List<MinedNegative> negatives() {
        List<MinedNegative> out = new ArrayList<>();
        rows.forEach(r -> out.addAll(r.negatives()));
        return out;
    }
}
