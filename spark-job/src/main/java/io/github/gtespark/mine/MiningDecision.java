package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link MiningRules} decided for one query: the positives it keeps, the positives the consistency filter
 * removed, and the selected negatives (in rank order). The row is written when {@code kept} and {@code negatives}
 * are both non-empty; otherwise every kept positive is excluded with reason {@code no-negative}.
 */
public record MiningDecision(
        List<ScoredPositive> kept, List<ScoredPositive> inconsistent, List<MinedNegative> negatives)
        implements Serializable {

    public boolean hasRow() {
        return !kept.isEmpty() && !negatives.isEmpty();
    }
}
