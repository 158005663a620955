package io.github.gtespark.eval;

import java.util.List;
import java.util.Map;

/**
 * A retrieval set in BEIR layout: the corpus, the queries, and the graded relevance judgements
 * ({@code qrels}: query id -> document id -> score, in file order).
 */
public record BeirDataset(String source, List<BeirDocument> corpus, List<BeirQuery> queries,
                          Map<String, Map<String, Integer>> qrels) {

    public BeirDataset {
        corpus = List.copyOf(corpus);
        queries = List.copyOf(queries);
    }
}
