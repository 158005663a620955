package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StsEvaluatorTest {

    private static final List<String> VOCABULARY = List.of("a", "man", "woman", "dog", "runs", "sleeps", "plays");

    @Test
    void spearmanOfCosineAgainstGoldOverDistinctSentences() {
        List<ScoredPair> pairs = List.of(
                new ScoredPair("a man runs", "a man runs", 5.0, 1), // cos 1
                new ScoredPair("a man runs", "a woman runs", 3.0, 2), // cos 2/3
                new ScoredPair("a dog sleeps", "a man runs", 0.5, 3), // cos 1/3
                new ScoredPair("a dog plays", "a dog sleeps", 4.0, 4)); // cos 2/3 (tied with pair 2)
        VocabularyCountEncoder encoder = new VocabularyCountEncoder(VOCABULARY);
        StsResult r = new StsEvaluator(new BatchingEncoder(encoder, 16, EncodingProgress.silent()))
                .evaluate(new StsDataset("mem", StsLayout.SCORE_FIRST, pairs, 7));
        // predicted ranks [4, 2.5, 1, 2.5], gold ranks [4, 2, 1, 3]
        assertEquals(
                SpearmanCorrelation.of(new double[] {4, 2.5, 1, 2.5}, new double[] {4, 2, 1, 3}), r.spearman(), 1e-12);
        assertEquals(0.9486832980505138, r.spearman(), 1e-9);
        assertEquals(4, r.pairs());
        assertEquals(7, r.skippedUnscored());
        // each distinct sentence encoded once, as a query
        assertEquals(1, encoder.batches.size());
        assertEquals(4, encoder.batches.get(0).size());
        assertEquals(List.of(true), encoder.queryFlags);
    }

    @Test
    void fewerThanTwoPairsIsAnError() {
        StsEvaluator evaluator = new StsEvaluator(
                new BatchingEncoder(new VocabularyCountEncoder(VOCABULARY), 16, EncodingProgress.silent()));
        assertThrows(
                IllegalArgumentException.class,
                () -> evaluator.evaluate(
                        new StsDataset("mem", StsLayout.SCORE_FIRST, List.of(new ScoredPair("a", "b", 1, 1)), 0)));
    }
}
