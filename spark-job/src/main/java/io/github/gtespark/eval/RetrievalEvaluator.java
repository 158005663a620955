package io.github.gtespark.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dense retrieval evaluation on a BEIR-layout set: embeds every corpus document ({@code title + " " + text},
 * as a passage) and every judged query (as a query), ranks the whole corpus for each query by exact cosine
 * similarity ({@link ExactCosineSearch}), and averages nDCG@10, MRR@10 and Recall@100 ({@link RetrievalMetrics},
 * trec_eval conventions) over the queries that have at least one relevant document. Queries without relevant
 * documents, or without a text, are skipped and counted in the result.
 */
public final class RetrievalEvaluator {

    /** Ranking depth: enough for the deepest metric (Recall@100). */
    public static final int DEPTH = 100;

    private final BatchingEncoder encoder;

    public RetrievalEvaluator(BatchingEncoder encoder) {
        this.encoder = encoder;
    }

    public RetrievalResult evaluate(BeirDataset data) {
        Map<String, String> queryTexts = new HashMap<>();
        for (BeirQuery q : data.queries()) {
            queryTexts.put(q.id(), q.text());
        }
        Set<String> corpusIds = new HashSet<>();
        for (BeirDocument d : data.corpus()) {
            corpusIds.add(d.id());
        }
        List<String> evaluatedIds = new ArrayList<>();
        int noRelevant = 0;
        int noText = 0;
        int missingDocs = 0;
        for (Map.Entry<String, Map<String, Integer>> e : data.qrels().entrySet()) {
            if (RetrievalMetrics.relevantCount(e.getValue()) == 0) {
                noRelevant++;
            } else if (!queryTexts.containsKey(e.getKey())) {
                noText++;
            } else {
                evaluatedIds.add(e.getKey());
                for (Map.Entry<String, Integer> j : e.getValue().entrySet()) {
                    if (j.getValue() > 0 && !corpusIds.contains(j.getKey())) {
                        missingDocs++;
                    }
                }
            }
        }
        if (evaluatedIds.isEmpty()) {
            throw new IllegalArgumentException(data.source() + ": no query has a text and a relevant document ("
                    + noRelevant + " judged queries without relevant documents, " + noText + " without a text)");
        }
        List<String> docIds = new ArrayList<>(data.corpus().size());
        List<String> docTexts = new ArrayList<>(data.corpus().size());
        for (BeirDocument d : data.corpus()) {
            docIds.add(d.id());
            docTexts.add(d.embeddingText());
        }
        List<String> queries = new ArrayList<>(evaluatedIds.size());
        for (String id : evaluatedIds) {
            queries.add(queryTexts.get(id));
        }
        float[][] docVectors = encoder.encode(docTexts, false, "documents");
        float[][] queryVectors = encoder.encode(queries, true, "queries");
        int[][] rankings = new ExactCosineSearch(docVectors, docIds).search(queryVectors, DEPTH);

        double ndcg = 0;
        double mrr = 0;
        double recall = 0;
        for (int q = 0; q < evaluatedIds.size(); q++) {
            List<String> ranking = new ArrayList<>(rankings[q].length);
            for (int index : rankings[q]) {
                ranking.add(docIds.get(index));
            }
            Map<String, Integer> judgements = data.qrels().get(evaluatedIds.get(q));
            ndcg += RetrievalMetrics.ndcgAt(ranking, judgements, 10);
            mrr += RetrievalMetrics.reciprocalRankAt(ranking, judgements, 10);
            recall += RetrievalMetrics.recallAt(ranking, judgements, 100);
        }
        int n = evaluatedIds.size();
        return new RetrievalResult(ndcg / n, mrr / n, recall / n, n, noRelevant, noText, missingDocs,
                docIds.size());
    }
}
