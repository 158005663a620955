package io.github.gtespark.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs several evaluators one after the other and reports every metric as {@code set-name/metric} (e.g.
 * {@code stsb-dev/spearman}, {@code se-beer/ndcg@10}); its primary metric is the first evaluator's. Modelled on
 * sentence-transformers' {@code SequentialEvaluator}.
 */
public final class SequentialEvaluator implements Evaluator {

    private final List<Evaluator> evaluators;

    public SequentialEvaluator(List<? extends Evaluator> evaluators) {
        if (evaluators.isEmpty()) {
            throw new IllegalArgumentException("no evaluators");
        }
        this.evaluators = List.copyOf(evaluators);
    }

    public List<Evaluator> evaluators() {
        return evaluators;
    }

    @Override
    public String name() {
        return evaluators.stream().map(Evaluator::name).collect(Collectors.joining("+"));
    }

    @Override
    public String primaryMetric() {
        Evaluator first = evaluators.get(0);
        return first.name() + "/" + first.primaryMetric();
    }

    @Override
    public Map<String, Double> evaluate(BatchingEncoder encoder) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Evaluator e : evaluators) {
            e.evaluate(encoder).forEach((metric, value) -> out.put(e.name() + "/" + metric, value));
        }
        return out;
    }

    @Override
    public String description() {
        return evaluators.stream().map(Evaluator::description).collect(Collectors.joining("; "));
    }
}
