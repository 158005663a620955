package io.github.gtespark.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic textual similarity evaluation: embeds both sentences of every pair (each distinct sentence once,
 * as a query), scores each pair by the cosine similarity of its vectors, and reports Spearman's rank
 * correlation between those scores and the gold scores (reported in [-1, 1]; SentEval/MTEB print it x 100).
 */
public final class StsEvaluator {

    private final BatchingEncoder encoder;

    public StsEvaluator(BatchingEncoder encoder) {
        this.encoder = encoder;
    }

    public StsResult evaluate(StsDataset data) {
        List<ScoredPair> pairs = data.pairs();
        if (pairs.size() < 2) {
            throw new IllegalArgumentException(
                    data.source() + ": an STS evaluation needs at least 2 scored pairs, found " + pairs.size());
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (ScoredPair p : pairs) {
            index.putIfAbsent(p.sentence1(), index.size());
            index.putIfAbsent(p.sentence2(), index.size());
        }
        float[][] vectors = encoder.encode(new ArrayList<>(index.keySet()), true, "sentences");
        double[] predicted = new double[pairs.size()];
        double[] gold = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            ScoredPair p = pairs.get(i);
            predicted[i] = UnitVectors.cosine(vectors[index.get(p.sentence1())], vectors[index.get(p.sentence2())]);
            gold[i] = p.score();
        }
        return new StsResult(SpearmanCorrelation.of(predicted, gold), pairs.size(), data.skippedUnscored());
    }
}
