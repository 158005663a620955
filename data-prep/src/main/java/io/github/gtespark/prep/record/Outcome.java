package io.github.gtespark.prep.record;

import java.io.Serializable;

/** What one step made of one input: a kept pair or an exclusion (exactly one of the two is set). */
public record Outcome(PairRecord kept, Exclusion excluded) implements Serializable {

    public static Outcome keep(PairRecord pair) {
        return new Outcome(pair, null);
    }

    public static Outcome exclude(Exclusion exclusion) {
        return new Outcome(null, exclusion);
    }

    public boolean isKept() {
        return kept != null;
    }
}
