package io.github.gtespark.eval;

/**
 * The outcome of a retrieval evaluation, metrics averaged over the {@code queriesEvaluated} queries.
 *
 * @param queriesEvaluated          judged queries with at least one relevant document and a query text
 * @param queriesSkippedNoRelevant  judged queries without any positively scored document (skipped)
 * @param queriesSkippedNoText      judged queries missing from {@code queries.jsonl} (skipped)
 * @param relevantMissingFromCorpus relevance judgements (score > 0) naming a document absent from the corpus:
 *                                  such documents can never be retrieved but still count in the ideal DCG and
 *                                  recall denominators, as in trec_eval
 * @param documents                 corpus size
 */
public record RetrievalResult(double ndcgAt10, double mrrAt10, double recallAt100, int queriesEvaluated,
                              int queriesSkippedNoRelevant, int queriesSkippedNoText,
                              int relevantMissingFromCorpus, int documents) {
}
