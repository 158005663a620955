package io.github.gtespark.eval;

import java.util.List;
import java.util.Map;

/**
 * A retrieval set in BEIR layout: the corpus, the queries, the graded relevance judgements
 * ({@code qrels}: query id -> document id -> score, in file order), and warnings about what reading it resolved
 * (e.g. repeated ids, see {@link BeirDatasetReader}).
 */
public record BeirDataset(
        String source,
        List<BeirDocument> corpus,
        List<BeirQuery> queries,
        Map<String, Map<String, Integer>> qrels,
        List<String> warnings) {

    public BeirDataset {
        corpus = List.copyOf(corpus);
        queries = List.copyOf(queries);
        warnings = List.copyOf(warnings);
    }

    /** A data set read without warnings. */
    public BeirDataset(
            String source,
            List<BeirDocument> corpus,
            List<BeirQuery> queries,
            Map<String, Map<String, Integer>> qrels) {
        this(source, corpus, queries, qrels, List.of());
    }
}
