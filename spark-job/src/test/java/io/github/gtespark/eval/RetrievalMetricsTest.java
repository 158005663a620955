package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Graded judgements: d1 3, d2 2, d3 1, d4 judged not relevant, d5 2 (never retrieved). */
    private static Map<String, Integer> judgements() {
        Map<String, Integer> j = new LinkedHashMap<>();
        j.put("d1", 3);
        j.put("d2", 2);
        j.put("d3", 1);
        j.put("d4", 0);
        j.put("d5", 2);
        return j;
    }

    private static final List<String> RANKING = List.of("d4", "d1", "x", "d3", "d2", "y", "z");

    @Test
    void ndcgUsesGradedGainsAndTheIdealFromTheQrels() {
        // DCG@10: ranks 2 (gain 3), 4 (gain 1), 5 (gain 2); ideal gains 3, 2, 2, 1 (d5 included though unretrieved)
        double dcg = 3 / log2(3) + 1 / log2(5) + 2 / log2(6);
        double idcg = 3 / log2(2) + 2 / log2(3) + 2 / log2(4) + 1 / log2(5);
        assertEquals(dcg / idcg, RetrievalMetrics.ndcgAt(RANKING, judgements(), 10), 1e-12);
        assertEquals(0.5440758561341078, RetrievalMetrics.ndcgAt(RANKING, judgements(), 10), 1e-6);
        // cut at 2: DCG = 3/log2(3), IDCG = 3 + 2/log2(3)
        assertEquals((3 / log2(3)) / (3 + 2 / log2(3)), RetrievalMetrics.ndcgAt(RANKING, judgements(), 2), 1e-12);
    }

    @Test
    void ndcgIsOneForTheIdealRankingAndZeroWithoutHits() {
        assertEquals(1.0, RetrievalMetrics.ndcgAt(List.of("d1", "d2", "d5", "d3"), judgements(), 10), 1e-12);
        // d2 and d5 have equal gains: swapping them keeps the ideal DCG
        assertEquals(1.0, RetrievalMetrics.ndcgAt(List.of("d1", "d5", "d2", "d3", "d4"), judgements(), 10), 1e-12);
        assertEquals(0.0, RetrievalMetrics.ndcgAt(List.of("d4", "x"), judgements(), 10), 0);
    }

    @Test
    void reciprocalRankOfTheFirstRelevantDocumentWithinTheCutoff() {
        assertEquals(0.5, RetrievalMetrics.reciprocalRankAt(RANKING, judgements(), 10), 0);
        assertEquals(0.0, RetrievalMetrics.reciprocalRankAt(RANKING, judgements(), 1), 0);
        assertEquals(0.0, RetrievalMetrics.reciprocalRankAt(List.of("d4", "x"), judgements(), 10), 0);
    }

    @Test
    void recallCountsRelevantDocumentsWithinTheCutoff() {
        // 4 relevant (d1, d2, d3, d5); top 3 holds d1; top 10 holds d1, d3, d2
        assertEquals(0.25, RetrievalMetrics.recallAt(RANKING, judgements(), 3), 0);
        assertEquals(0.75, RetrievalMetrics.recallAt(RANKING, judgements(), 10), 0);
        assertEquals(4, RetrievalMetrics.relevantCount(judgements()));
    }

    @Test
    void negativeScoresCountAsNotRelevant() {
        Map<String, Integer> j = Map.of("a", -1, "b", 1);
        assertEquals(1 / log2(3), RetrievalMetrics.ndcgAt(List.of("a", "b"), j, 10), 1e-12);
        assertEquals(0.5, RetrievalMetrics.reciprocalRankAt(List.of("a", "b"), j, 10), 0);
        assertEquals(1.0, RetrievalMetrics.recallAt(List.of("a", "b"), j, 10), 0);
    }
}
