package io.github.gtespark.cli;

import io.github.gtespark.encoders.EncoderSource;
import io.github.gtespark.encoders.EncoderSourceException;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.hf.HfModelDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code gte export}: writes any model reference (built-in, checkpoint, export) as a Hugging Face /
 * sentence-transformers directory, e.g. to start another library from the same weights.
 */
final class ExportCommand implements Subcommand {

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "a model (built-in, checkpoint or export) as a Hugging Face / sentence-transformers directory";
    }

    @Override
    public String help() {
        return """
                usage: gte export --model MODEL --output DIR [--overwrite]

                Writes MODEL as a Hugging Face / sentence-transformers directory (config.json, model.safetensors,
                tokenizer files, modules.json with the pooling), loadable by SentenceTransformer(DIR) and by
                every --model option of this project. The last line of the output is 'model=DIR'.

                  --model MODEL   built-in name, Hugging Face model directory, training checkpoint (step-N,
                                  checkpoints/ or run directory: the newest checkpoint), or a Hadoop FS URI of one
                  --output DIR    local path or Hadoop FS URI; refused when it exists, unless --overwrite
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options =
                CommandLineOptions.parse(name(), args, Set.of("model", "output"), Set.of("overwrite"));
        String model = options.required("model");
        String output = options.required("output");
        if (DataLocations.exists(output) && !options.flag("overwrite")) {
            throw new UsageException(name() + ": " + output + " exists (pass --overwrite to replace its files)");
        }
        Configuration hc = new Configuration();
        EncoderModel encoder;
        try {
            encoder = EncoderSource.resolve(model, hc);
        } catch (EncoderSourceException e) {
            throw new UsageException(e.getMessage());
        }
        HfModelDirectory.write(encoder, output, hc);
        out.println("model=" + output);
    }
}
