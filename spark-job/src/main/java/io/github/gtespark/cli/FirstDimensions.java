package io.github.gtespark.cli;

import io.github.gtespark.eval.SentenceEncoder;
import java.util.Arrays;

/**
 * The {@code --dim D} option of {@code embed}, {@code eval-sts} and {@code eval-retrieval}: only the first D dimensions
 * of every embedding are used (a model trained with {@code train.matryoshka-dims} keeps its quality there). The
 * evaluators then score by the cosine of the truncated vectors; {@code embed} prints them L2-normalised.
 */
final class FirstDimensions {
    /** The option's line in the commands' help. */
    static final String HELP_EVAL = """
              --dim D          score with the first D dimensions of every embedding only (cosine of the truncated
                               vectors; for models trained with train.matryoshka-dims; default: all)
            """;

    private FirstDimensions() {}

    /** {@code --dim}, 0 when absent. */
    static int option(CommandLineOptions options) {
        return options.integer("dim", 0, 1);
    }

    /**
     * {@code encoder} whose vectors are cut to their first {@code dim} components ({@code dim} 0: unchanged).
     *
     * @throws UsageException (on the first texts) when the model's embeddings have fewer than {@code dim} dimensions
     */
    static SentenceEncoder apply(SentenceEncoder encoder, int dim, String command) {
        if (dim == 0) {
            return encoder;
        }
        return (texts, isQuery) -> {
            float[][] vectors = encoder.encode(texts, isQuery);
            float[][] out = new float[vectors.length][];
            for (int i = 0; i < vectors.length; i++) {
                if (vectors[i].length < dim) {
                    throw new UsageException(
                            command + ": --dim " + dim + " exceeds the model's embedding size " + vectors[i].length);
                }
                out[i] = Arrays.copyOf(vectors[i], dim);
            }
            return out;
        };
    }
}
