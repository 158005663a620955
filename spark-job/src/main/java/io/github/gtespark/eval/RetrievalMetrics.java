package io.github.gtespark.eval;

import java.util.List;
import java.util.Map;

/**
 * Per-query ranking metrics with the conventions of {@code trec_eval} / {@code pytrec_eval} (as used by BEIR).
 * A ranking is a list of document ids, best first; judgements map document ids to graded relevance scores.
 * A document is relevant when its score is positive; unjudged documents count as not relevant.
 * <ul>
 *   <li>nDCG@k = DCG@k / IDCG@k, DCG@k = sum over ranks r = 1..k of gain(d_r) / log2(r + 1), gain = the graded
 *   score (negative scores count as 0); IDCG@k is the DCG of the judgements sorted by score (the ideal ranking
 *   built from the qrels, including judged documents the ranking never returned).</li>
 *   <li>MRR@k: 1 / rank of the first relevant document within the top k, 0 if none.</li>
 *   <li>Recall@k: relevant documents in the top k / all relevant documents of the query.</li>
 * </ul>
 * For a query without relevant documents these methods return 0, the value trec_eval and pytrec_eval give it;
 * {@link RetrievalEvaluator} averages such judged queries in with that 0 and counts them.
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    public static double ndcgAt(List<String> ranking, Map<String, Integer> judgements, int k) {
        double dcg = 0;
        int limit = Math.min(k, ranking.size());
        for (int r = 1; r <= limit; r++) {
            dcg += gain(judgements.get(ranking.get(r - 1))) / log2(r + 1);
        }
        int[] ideal = judgements.values().stream()
                .mapToInt(RetrievalMetrics::gain)
                .filter(g -> g > 0)
                .boxed()
                .sorted((a, b) -> Integer.compare(b, a))
                .mapToInt(Integer::intValue)
                .toArray();
        double idcg = 0;
        for (int r = 1; r <= Math.min(k, ideal.length); r++) {
            idcg += ideal[r - 1] / log2(r + 1);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double reciprocalRankAt(List<String> ranking, Map<String, Integer> judgements, int k) {
        int limit = Math.min(k, ranking.size());
        for (int r = 1; r <= limit; r++) {
            if (gain(judgements.get(ranking.get(r - 1))) > 0) {
                return 1.0 / r;
            }
        }
        return 0;
    }

    public static double recallAt(List<String> ranking, Map<String, Integer> judgements, int k) {
        long relevant = relevantCount(judgements);
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        int limit = Math.min(k, ranking.size());
        for (int r = 0; r < limit; r++) {
            if (gain(judgements.get(ranking.get(r))) > 0) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    /** Judged documents with a positive score. */
    public static long relevantCount(Map<String, Integer> judgements) {
        return judgements.values().stream().filter(s -> s > 0).count();
    }

    private static int gain(Integer score) {
        return score == null ? 0 : Math.max(0, score);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
