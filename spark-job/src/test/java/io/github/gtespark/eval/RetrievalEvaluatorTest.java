package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static final List<String> VOCABULARY =
            List.of("apple", "fruit", "red", "banana", "yellow", "car", "engine", "wheel", "pie", "recipe");

    @Test
    void ranksTheWholeCorpusAndAveragesTrecEvalMetrics() {
        List<BeirDocument> corpus = List.of(
                new BeirDocument("a", "apple", "fruit red"),
                new BeirDocument("b", "", "banana fruit yellow"),
                new BeirDocument("c", "car", "engine wheel"),
                new BeirDocument("d", "", "apple pie recipe"));
        List<BeirQuery> queries = List.of(
                new BeirQuery("q1", "apple fruit"),
                new BeirQuery("q2", "engine"),
                new BeirQuery("q3", "yellow banana"),
                new BeirQuery("q5", "recipe"),
                new BeirQuery("unjudged", "wheel"));
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        qrels.put("q1", Map.of("a", 2, "d", 1));
        qrels.put("q2", Map.of("c", 1, "zz", 1)); // zz is not in the corpus
        qrels.put("q3", Map.of("b", 0)); // no relevant document: evaluated, 0 on every metric
        qrels.put("q4", Map.of("c", 1)); // no query text: skipped
        qrels.put("q5", Map.of("a", 1));
        VocabularyCountEncoder encoder = new VocabularyCountEncoder(VOCABULARY);
        RetrievalResult r = new RetrievalEvaluator(new BatchingEncoder(encoder, 2, EncodingProgress.silent()))
                .evaluate(new BeirDataset("mem", corpus, queries, qrels));

        // q1: a (cos 2/sqrt6), then d and b tie at 1/sqrt6 -> ids descending: d before b; ideal ranking: nDCG 1
        // q2: c first; zz unretrievable: nDCG 1/(1 + 1/log2 3), MRR 1, recall 1/2
        // q3: judged, but only with score 0: 0 on every metric, still in the average (trec_eval, pytrec_eval, BEIR)
        // q5: d (1/sqrt3), then a, b, c all at 0 -> c, b, a: a at rank 4: nDCG 1/log2 5, MRR 1/4, recall 1
        assertEquals((1 + 1 / (1 + 1 / log2(3)) + 0 + 1 / log2(5)) / 4, r.ndcgAt10(), 1e-6);
        assertEquals((1 + 1 + 0 + 0.25) / 4, r.mrrAt10(), 1e-12);
        assertEquals((1 + 0.5 + 0 + 1) / 4, r.recallAt100(), 1e-12);
        assertEquals(4, r.queriesEvaluated());
        assertEquals(1, r.queriesWithoutRelevant());
        assertEquals(1, r.queriesSkippedNoText());
        assertEquals(1, r.relevantMissingFromCorpus());
        assertEquals(4, r.documents());
        assertEquals(0, r.queriesWithOwnIdExcluded());

        // documents encoded as passages (title + " " + text), then the evaluated queries as queries
        assertEquals(List.of(false, false, true, true), encoder.queryFlags);
        assertEquals(List.of("banana fruit yellow", "car engine wheel"), encoder.batches.get(0));
    }

    @Test
    void aDocumentWithTheQuerysIdIsLeftOutOfItsRankingAsInBeir() {
        // Quora-style: every query is also a corpus document with the same id and the same text
        List<BeirDocument> corpus = List.of(
                new BeirDocument("1", "", "apple fruit"),
                new BeirDocument("2", "", "apple fruit red"),
                new BeirDocument("3", "", "car engine"),
                new BeirDocument("4", "", "car engine wheel"));
        List<BeirQuery> queries = List.of(new BeirQuery("1", "apple fruit"), new BeirQuery("3", "car engine"));
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        qrels.put("1", Map.of("2", 1));
        qrels.put("3", Map.of("4", 1));
        RetrievalResult r = new RetrievalEvaluator(
                        new BatchingEncoder(new VocabularyCountEncoder(VOCABULARY), 8, EncodingProgress.silent()))
                .evaluate(new BeirDataset("quora-like", corpus, queries, qrels));
        // without the exclusion each query finds itself first (cosine 1) and its duplicate second: nDCG 1/log2 3
        assertEquals(1.0, r.ndcgAt10(), 1e-9);
        assertEquals(1.0, r.mrrAt10(), 1e-12);
        assertEquals(2, r.queriesWithOwnIdExcluded());
    }

    @Test
    void noEvaluableQueryIsAnError() {
        BeirDataset ds = new BeirDataset(
                "mem",
                List.of(new BeirDocument("a", "", "apple")),
                List.of(new BeirQuery("q", "apple")),
                Map.of("q", Map.of("a", 0)));
        RetrievalEvaluator evaluator = new RetrievalEvaluator(
                new BatchingEncoder(new VocabularyCountEncoder(VOCABULARY), 8, EncodingProgress.silent()));
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(ds));
    }
}
