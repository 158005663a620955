package io.github.gtespark.cli;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.NotAFileException;
import io.github.gtespark.eval.UnitVectors;
import io.github.gtespark.model.TextEmbedder;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code gte embed}: one text per input line in, one vector per output line out. */
final class EmbedCommand implements Subcommand {

    private static final int WINDOW = 1024;

    private final EncoderLoader encoders;

    EmbedCommand(EncoderLoader encoders) {
        this.encoders = encoders;
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "embed one text per line into one vector per line";
    }

    @Override
    public String help() {
        return """
                usage: gte embed --model MODEL --input FILE --output FILE [--query] [--normalize]
                                 [--max-length N] [--batch-size N] [--dim D]

                Embeds each line of --input (UTF-8, one text per line) and writes one line per input line to
                --output, in the same order: the output has exactly as many lines as the input has texts, so that
                line i of the output belongs to line i of the input. Lines end at '\\n' ('\\r\\n' also; a '\\r'
                inside a line is part of its text, i.e. white space); a byte order mark is dropped. An empty or
                blank line is embedded as the empty text ([CLS] [SEP] only) and so still gets its output line;
                filter such lines beforehand to leave them out. Texts longer than --max-length tokens are
                truncated.

                Output format: the vector's components as decimal floats (Java Float.toString, '.' decimal point,
                possibly with an exponent such as 1.0E-4) separated by single spaces, no header, no id column:
                line i of the output is the vector of line i of the input.

                  --input FILE     local path or Hadoop FS URI (hdfs://, s3a://, file://)
                  --output FILE    local path or Hadoop FS URI; overwritten
                  --query          embed the texts as queries (e5: 'query: ' prefix; default: passages, 'passage: ')
                  --normalize      scale every vector to unit L2 length
                """ + ModelOptions.HELP + """
                  --dim D          write only the first D dimensions of every vector, scaled to unit L2 length
                                   (always, with or without --normalize: the cosine of truncated vectors is what a
                                   model trained with train.matryoshka-dims is trained for; default: all)
                Progress (texts/s, ETA) goes to stderr.
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options = CommandLineOptions.parse(
                name(), args, ModelOptions.namesWith("input", "output"), Set.of("query", "normalize"));
        ModelOptions model = ModelOptions.from(options);
        String input = options.required("input");
        String output = options.required("output");
        boolean isQuery = options.flag("query");
        boolean normalize = options.flag("normalize") || model.dim() > 0;

        List<String> lines = new ArrayList<>();
        int blank = 0;
        int firstBlank = 0;
        try (BufferedReader reader = DataLocations.openReader(input)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.isBlank() && blank++ == 0) {
                    firstBlank = lines.size();
                }
            }
        }
        if (blank > 0) {
            err.printf(
                    Locale.ROOT,
                    "gte: note: %d blank input lines (the first is line %d) are embedded as the "
                            + "empty text, keeping output line i = input line i%n",
                    blank,
                    firstBlank);
        }
        if (DataLocations.isDirectory(output)) {
            throw new NotAFileException(output); // before the model loads
        }
        BatchingEncoder batching = new BatchingEncoder(
                model.load(encoders, name()),
                TextEmbedder.maxTextsPerPass(model.batchSize()),
                EncodingProgress.silent());
        EncodingProgress progress = EncodingProgress.to(err);
        progress.start("lines", lines.size());
        try (BufferedWriter writer = DataLocations.openWriter(output)) {
            for (int from = 0; from < lines.size(); from += WINDOW) {
                int to = Math.min(lines.size(), from + WINDOW);
                float[][] vectors = batching.encode(lines.subList(from, to), isQuery, "lines");
                if (normalize) {
                    UnitVectors.normalizeRows(vectors);
                }
                StringBuilder text = new StringBuilder();
                for (float[] v : vectors) {
                    for (int j = 0; j < v.length; j++) {
                        if (j > 0) {
                            text.append(' ');
                        }
                        text.append(v[j]);
                    }
                    text.append('\n');
                }
                writer.write(text.toString());
                progress.advance(to);
            }
        }
        out.println("embedded " + lines.size() + " lines into " + output);
    }
}
