package io.github.gtespark.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexical bag-of-words encoder for evaluator tests: dimension i counts occurrences of the i-th vocabulary word
 * (lower-cased, split on non-letters); words outside the vocabulary are ignored. Cosine similarities between its
 * vectors can be worked out by hand, which makes expected evaluation results exact. It also records the calls.
 */
final class VocabularyCountEncoder implements SentenceEncoder {

    private final List<String> vocabulary;
    final List<List<String>> batches = new ArrayList<>();
    final List<Boolean> queryFlags = new ArrayList<>();

    VocabularyCountEncoder(List<String> vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Override
    public float[][] encode(List<String> texts, boolean isQuery) {
        batches.add(List.copyOf(texts));
        queryFlags.add(isQuery);
        float[][] out = new float[texts.size()][vocabulary.size()];
        for (int i = 0; i < texts.size(); i++) {
            for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                int d = vocabulary.indexOf(word);
                if (d >= 0) {
                    out[i][d]++;
                }
            }
        }
        return out;
    }
}
