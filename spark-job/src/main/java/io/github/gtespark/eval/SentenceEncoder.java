package io.github.gtespark.eval;

import java.util.List;

/**
 * What the evaluators need from an embedding model: one vector per text, in input order.
 *
 * <p>{@code isQuery} tells asymmetric models (e5: {@code "query: "} / {@code "passage: "} prefixes) which side
 * of a retrieval pair a text is on; symmetric models ignore it. STS sentences are encoded as queries.
 * Implementations need not normalise the vectors: the evaluators score by cosine similarity.
 */
@FunctionalInterface
public interface SentenceEncoder {

    /** Embeds {@code texts}; row {@code i} of the result is the vector of {@code texts.get(i)}. */
    float[][] encode(List<String> texts, boolean isQuery);
}
