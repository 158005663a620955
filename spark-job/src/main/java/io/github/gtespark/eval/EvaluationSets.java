package io.github.gtespark.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Turns named evaluation sets into evaluators, reading each set's data once. */
public final class EvaluationSets {

    private EvaluationSets() {}

    /**
     * One evaluator per set, in order; caps: {@code maxQueries} retrieval queries and {@code maxStsPairs} STS pairs
     * per set (0: all).
     *
     * @throws IllegalArgumentException when two sets share a name
     */
    public static SequentialEvaluator load(
            List<EvaluationSet> sets, int maxQueries, int maxStsPairs, Consumer<String> warnings) throws IOException {
        Set<String> names = new HashSet<>();
        List<Evaluator> out = new ArrayList<>();
        for (EvaluationSet set : sets) {
            if (!names.add(set.name())) {
                throw new IllegalArgumentException("two evaluation sets are named " + set.name());
            }
            out.add(load(set, maxQueries, maxStsPairs, warnings));
        }
        return new SequentialEvaluator(out);
    }

    public static Evaluator load(EvaluationSet set, int maxQueries, int maxStsPairs, Consumer<String> warnings)
            throws IOException {
        switch (set.type()) {
            case STS:
                return StsSetEvaluator.read(set, maxStsPairs);
            case RETRIEVAL:
                return RetrievalSetEvaluator.read(set, maxQueries, warnings);
            default:
                throw new IllegalStateException("unknown type " + set.type());
        }
    }
}
