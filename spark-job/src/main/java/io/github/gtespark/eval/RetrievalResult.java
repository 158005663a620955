package io.github.gtespark.eval;

/**
 * The outcome of a retrieval evaluation, metrics averaged over the {@code queriesEvaluated} queries.
 *
 * @param queriesEvaluated          judged queries with a query text (the metrics' denominator)
 * @param queriesWithoutRelevant    evaluated queries without any positively scored document: every metric is 0
 *                                  for them, as in trec_eval / pytrec_eval / BEIR
 * @param queriesSkippedNoText      judged queries missing from {@code queries.jsonl} (skipped)
 * @param relevantMissingFromCorpus relevance judgements (score > 0) naming a document absent from the corpus:
 *                                  such documents can never be retrieved but still count in the ideal DCG and
 *                                  recall denominators, as in trec_eval
 * @param documents                 corpus size
 * @param queriesWithOwnIdExcluded  evaluated queries whose id is also a corpus document's id, that document left
 *                                  out of the query's ranking (BEIR's convention, e.g. for Quora and ArguAna,
 *                                  whose queries are corpus documents too)
 */
public record RetrievalResult(
        double ndcgAt10,
        double mrrAt10,
        double recallAt100,
        int queriesEvaluated,
        int queriesWithoutRelevant,
        int queriesSkippedNoText,
        int relevantMissingFromCorpus,
        int documents,
        int queriesWithOwnIdExcluded) {}
