package io.github.gtespark.prep.step;

import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.Outcome;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the ledger counts an outcome as: per source, a kept pair, an excluded pair (by reason) or a hard negative
 * removed from a kept pair (by reason).
 */
public record OutcomeKey(int sourceIndex, Kind kind, String reason) implements Serializable {

    public enum Kind {
        KEPT,
        EXCLUDED_PAIR,
        REMOVED_NEGATIVE
    }

    public static OutcomeKey of(Outcome o) {
        if (o.isKept()) {
            return new OutcomeKey(o.kept().sourceIndex(), Kind.KEPT, null);
        }
        Exclusion e = o.excluded();
        return new OutcomeKey(e.sourceIndex(), e.isPair() ? Kind.EXCLUDED_PAIR : Kind.REMOVED_NEGATIVE, e.reason());
    }

    /** One pair outcome per input pair: a kept or an excluded pair (not a removed negative). */
    public boolean isPair() {
        return kind != Kind.REMOVED_NEGATIVE;
    }

    /** Stable across JVMs (an enum's own hash code is not), as Spark's hash partitioning of keys needs. */
    @Override
    public int hashCode() {
        return (sourceIndex * 31 + kind.ordinal()) * 31 + Objects.hashCode(reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutcomeKey k
                && k.sourceIndex == sourceIndex
                && k.kind == kind
                && Objects.equals(k.reason, reason);
    }
}
