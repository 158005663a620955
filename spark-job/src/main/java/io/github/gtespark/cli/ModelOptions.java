package io.github.gtespark.cli;

import io.github.gtespark.eval.SentenceEncoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of every command that embeds text: {@code --model}, {@code --max-length}, {@code --batch-size} and
 * {@code --dim}, their help lines, and the encoder they name.
 */
record ModelOptions(String model, int maxLength, int batchSize, int dim) {

    /** The help lines of the four options, in the commands' column layout. */
    static final String HELP = """
              --model MODEL    built-in name (all-minilm-l6-v2, e5-small-v2, bge-small-en-v15), a Hugging Face
                               model directory (e.g. a run's model/ export), a training checkpoint (step-N,
                               checkpoints/ or run directory: the newest checkpoint), or a Hadoop FS URI of one
              --max-length N   truncate texts to N tokens incl. [CLS]/[SEP] (default 512, capped by the model;
                               sentence-transformers uses 256 for all-MiniLM-L6-v2)
              --batch-size N   texts of 128 tokens per forward pass (default 32; up to 4x as many shorter texts)
            """;

    private static final List<String> NAMES = List.of("model", "max-length", "batch-size", "dim");

    /** These options' names plus a command's own {@code valueOptions}. */
    static Set<String> namesWith(String... valueOptions) {
        Set<String> names = new HashSet<>(NAMES);
        names.addAll(List.of(valueOptions));
        return names;
    }

    static ModelOptions from(CommandLineOptions options) {
        return new ModelOptions(
                options.required("model"),
                options.integer("max-length", 512, 2),
                options.integer("batch-size", 32, 1),
                FirstDimensions.option(options));
    }

    /** The model's encoder through {@code loader}, cut to the first {@code dim} dimensions when given. */
    SentenceEncoder load(EncoderLoader loader, String command) throws java.io.IOException {
        return FirstDimensions.apply(loader.load(model, maxLength, batchSize), dim, command);
    }
}
