package io.github.gtespark.train.evaluation;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.EvaluationSets;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.eval.SequentialEvaluator;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.train.ModelEvaluator;
import io.github.gtespark.train.settings.EvalSettings;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage evaluation: the named evaluation sets of {@code eval.sets} ({@link EvaluationSets}: Spearman on STS
 * sets, nDCG@10 / MRR@10 / recall@100 on BEIR retrieval sets), each reported as {@code set-name/metric}, computed
 * on the driver's current encoder. Every set's data is read once, when the stage starts.
 */
public final class EmbeddingBenchmarkEvaluator implements ModelEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingBenchmarkEvaluator.class);

    private final Function<ComputationGraph, SentenceEncoder> encoderOf;
    private final int batchSize;
    private final String settings;
    private final SequentialEvaluator sets;

    /**
     * @param encoderOf turns the training graph into a text encoder (tokenisation, padding, embedding)
     * @param eval      the sets, caps and batch size
     * @param encoding  how {@code encoderOf} encodes besides the parameters (e.g. max length, pooling), for
     *                  {@link #settings()}
     */
    public EmbeddingBenchmarkEvaluator(
            Function<ComputationGraph, SentenceEncoder> encoderOf, EvalSettings eval, String encoding)
            throws IOException {
        this.encoderOf = encoderOf;
        this.batchSize = eval.batchSize();
        this.sets = EvaluationSets.load(eval.sets(), eval.maxQueries(), eval.maxStsPairs(), LOG::warn);
        this.settings = sets.description() + " " + encoding;
    }

    @Override
    public String settings() {
        return settings;
    }

    @Override
    public Map<String, Double> evaluate(ComputationGraph graph) {
        BatchingEncoder encoder = new BatchingEncoder(
                encoderOf.apply(graph), TextEmbedder.maxTextsPerPass(batchSize), EncodingProgress.silent());
        return sets.evaluate(encoder);
    }
}
