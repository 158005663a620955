package io.github.gtespark.eval;

import java.util.Map;

/**
 * Scores a sentence encoder on one named evaluation set (or, for {@link SequentialEvaluator}, on several), used
 * alike by in-training evaluation, the CLI ({@code gte eval}) and scripts. Modelled on sentence-transformers'
 * {@code SentenceEvaluator}.
 *
 * <p>Adding an evaluator: a class implementing this interface (reading its data once, in its constructor or a
 * factory), a {@link EvaluationSet.Type} and a case in {@link EvaluationSets#load}; its test checks figures
 * against an independent computation.
 */
public interface Evaluator {

    /** The set's name, as reported in metrics.jsonl, the chart, logs and tables. */
    String name();

    /** The metric that summarises this evaluator (a key of {@link #evaluate}'s result). */
    String primaryMetric();

    /** Metric name to value; encodes with {@code encoder} (in its own passes: callers need not batch). */
    Map<String, Double> evaluate(BatchingEncoder encoder);

    /** What the figures depend on besides the encoder (data location, caps), for caching baselines. */
    String description();
}
