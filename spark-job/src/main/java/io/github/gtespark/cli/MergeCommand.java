package io.github.gtespark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.github.gtespark.encoders.EncoderSource;
import io.github.gtespark.encoders.EncoderSourceException;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.LinearModelMerge;
import io.github.gtespark.model.hf.HfModelDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code gte merge}: the linear merge of a fine-tuned model with the model it started from ({@link LinearModelMerge}),
 * written as a Hugging Face / sentence-transformers directory with {@value #RECORD} saying what was merged.
 */
final class MergeCommand implements Subcommand {

    /** The file in the output directory that records the merge's inputs and weight. */
    static final String RECORD = "merge.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "a fine-tuned model merged with its start model, (1 - w) * base + w * tuned (WiSE-FT)";
    }

    @Override
    public String help() {
        return """
                usage: gte merge --base MODEL --model MODEL (--weight W | --conf FILE) --output DIR [--overwrite]

                Writes the weight-space merge (1 - W) * BASE + W * MODEL of a fine-tuned model and the model it
                started from (WiSE-FT; FlagEmbedding's LM-Cocktail for embedding models) as a Hugging Face /
                sentence-transformers directory, with merge.json recording both inputs and W. The merge keeps part
                of what the start model knew (e.g. STS) and, at W near 1, most of the fine-tuning's gain; W = 1 is
                MODEL and W = 0 is BASE, bit for bit. The last line of the output is 'model=DIR'.

                  --base MODEL    the start model: built-in name, Hugging Face directory, checkpoint, Hadoop FS URI
                  --model MODEL   the fine-tuned model (same references); its pooling and prefixes are kept
                  --weight W      MODEL's share, in [0, 1]
                  --conf FILE     a HOCON file with 'weight = W' (e.g. conf/adapt-domain/merge.conf, the value
                                  scripts/adapt-domain uses); --weight overrides it
                  --output DIR    local path or Hadoop FS URI; refused when it exists, unless --overwrite

                Both models must have the same architecture and tokenizer (exit 2 otherwise). Matryoshka dimensions
                a model was trained with are not carried over (a merge was not trained at them).
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options = CommandLineOptions.parse(
                name(), args, Set.of("base", "model", "weight", "conf", "output"), Set.of("overwrite"));
        String base = options.required("base");
        String tuned = options.required("model");
        String output = options.required("output");
        double weight = weight(options.optional("weight", null), options.optional("conf", null));
        if (DataLocations.exists(output) && !options.flag("overwrite")) {
            throw new UsageException(name() + ": " + output + " exists (pass --overwrite to replace its files)");
        }
        Configuration hc = new Configuration();
        EncoderModel baseModel;
        EncoderModel tunedModel;
        try {
            baseModel = EncoderSource.resolve(base, hc);
            tunedModel = EncoderSource.resolve(tuned, hc);
        } catch (EncoderSourceException e) {
            throw new UsageException(e.getMessage());
        }
        EncoderModel merged;
        try {
            merged = LinearModelMerge.merge(baseModel, tunedModel, weight);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        err.println("gte: merged " + (1 - weight) + " x " + base + " + " + weight + " x " + tuned);
        HfModelDirectory.write(merged, output, hc);
        writeRecord(output, base, tuned, weight, hc);
        out.println("model=" + output);
    }

    /** {@code --weight} when given, else the {@code weight} of the {@code --conf} file. */
    private double weight(String option, String confFile) throws IOException {
        String text = option;
        String from = "--weight";
        if (text == null) {
            if (confFile == null) {
                throw new UsageException("give --weight W or --conf FILE (a file with weight = W)");
            }
            if (!DataLocations.exists(confFile)) {
                throw new UsageException("--conf " + confFile + ": no such file");
            }
            try (BufferedReader r = DataLocations.openReader(confFile)) {
                Config config = ConfigFactory.parseReader(r);
                if (!config.hasPath("weight")) {
                    throw new UsageException("--conf " + confFile + " has no 'weight = W'");
                }
                text = config.getValue("weight").unwrapped().toString();
            } catch (ConfigException e) {
                throw new UsageException("--conf " + confFile + ": not HOCON: " + e.getMessage());
            }
            from = "weight in " + confFile;
        }
        double w;
        try {
            w = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(from + " must be a number in [0, 1], got '" + text + "'");
        }
        if (!(w >= 0 && w <= 1)) {
            throw new UsageException(from + " must be in [0, 1], got " + text);
        }
        return w;
    }

    private static void writeRecord(String output, String base, String tuned, double weight, Configuration hc)
            throws IOException {
        ObjectNode record = JSON.createObjectNode();
        record.put("method", "linear: (1 - weight) * base + weight * model, per weight, in double precision");
        record.put("base", base);
        record.put("model", tuned);
        record.put("weight", weight);
        Path file = new Path(output, RECORD);
        FileSystem fs = file.getFileSystem(hc);
        try (OutputStream s = fs.create(file, true)) {
            s.write(JSON.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
        }
    }
}
