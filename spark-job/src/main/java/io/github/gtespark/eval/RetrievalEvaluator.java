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
 * trec_eval conventions) over the judged queries: the queries of the qrels that have a text in
 * {@code queries.jsonl}. A judged query whose judgements are all 0 (no relevant document) is evaluated and scores
 * 0 on every metric, as trec_eval, pytrec_eval and BEIR count it; such queries are counted in the result. Queries
 * without judgements are not evaluated (BEIR); judged queries without a text are skipped and counted. As BEIR's
 * exact search and evaluation do (its default {@code ignore_identical_ids}), a document whose id equals the
 * query's id is left out of that query's ranking: in sets such as Quora or ArguAna the queries are also corpus
 * documents, and a query would otherwise find itself first.
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
            if (!queryTexts.containsKey(e.getKey())) {
                noText++;
            } else {
                evaluatedIds.add(e.getKey());
                if (RetrievalMetrics.relevantCount(e.getValue()) == 0) {
                    noRelevant++;
                }
                for (Map.Entry<String, Integer> j : e.getValue().entrySet()) {
                    if (j.getValue() > 0 && !corpusIds.contains(j.getKey())) {
                        missingDocs++;
                    }
                }
            }
        }
        if (evaluatedIds.size() == noRelevant) {
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
        // one more than needed: a query's own document (same id) is dropped from its ranking
        int[][] rankings = new ExactCosineSearch(docVectors, docIds).search(queryVectors, DEPTH + 1);

        int ownIdExcluded = 0;
        double ndcg = 0;
        double mrr = 0;
        double recall = 0;
        for (int q = 0; q < evaluatedIds.size(); q++) {
            String queryId = evaluatedIds.get(q);
            if (corpusIds.contains(queryId)) {
                ownIdExcluded++;
            }
            List<String> ranking = new ArrayList<>(rankings[q].length);
            for (int index : rankings[q]) {
                String docId = docIds.get(index);
                if (!docId.equals(queryId) && ranking.size() < DEPTH) {
                    ranking.add(docId);
                }
            }
            Map<String, Integer> judgements = data.qrels().get(evaluatedIds.get(q));
            ndcg += RetrievalMetrics.ndcgAt(ranking, judgements, 10);
            mrr += RetrievalMetrics.reciprocalRankAt(ranking, judgements, 10);
            recall += RetrievalMetrics.recallAt(ranking, judgements, 100);
        }
        int n = evaluatedIds.size();
        return new RetrievalResult(
                ndcg / n, mrr / n, recall / n, n, noRelevant, noText, missingDocs, docIds.size(), ownIdExcluded);
    }
}
