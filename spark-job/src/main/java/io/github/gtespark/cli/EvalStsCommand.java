package io.github.gtespark.cli;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.ScoredPair;
import io.github.gtespark.eval.StsDataset;
import io.github.gtespark.eval.StsDatasetReader;
import io.github.gtespark.eval.StsEvaluator;
import io.github.gtespark.eval.StsLayout;
import io.github.gtespark.eval.StsResult;
import io.github.gtespark.model.TextEmbedder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code gte eval-sts}: Spearman correlation of cosine similarity vs gold scores on an STS file. */
final class EvalStsCommand implements Subcommand {

    private final EncoderLoader encoders;

    EvalStsCommand(EncoderLoader encoders) {
        this.encoders = encoders;
    }

    @Override
    public String name() {
        return "eval-sts";
    }

    @Override
    public String summary() {
        return "Spearman correlation of cosine similarity vs gold on an STS file";
    }

    @Override
    public String help() {
        return """
                usage: gte eval-sts --model MODEL --data FILE [--layout auto|stsb|score-first] [--max-length N]
                                   [--batch-size N] [--dim D]

                Embeds both sentences of every pair, scores pairs by cosine similarity and prints the Spearman rank
                correlation with the gold scores. The last line of the output is 'spearman=0.xxxx' (range -1..1;
                papers report it x 100).

                  --data FILE      TAB-separated pairs, no quoting (local path or Hadoop FS URI); UTF-8, LF or CRLF
                                   line ends; blank lines are skipped, and so is a header line (a first line
                                   whose score field names the score column, e.g. 'score')
                  --layout L       stsb: STS Benchmark (genre, file, year, id, score, sentence1, sentence2; extra
                                   trailing fields ignored); score-first: SemEval-2016 (score, sentence1, sentence2;
                                   an empty score is an unscored pair, skipped and counted); auto (default): stsb for
                                   7 or more fields on the first line, score-first for 3
                """ + ModelOptions.HELP + FirstDimensions.HELP_EVAL + """
                Progress (texts/s, ETA) goes to stderr.
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options =
                CommandLineOptions.parse(name(), args, ModelOptions.namesWith("data", "layout"), Set.of());
        ModelOptions model = ModelOptions.from(options);
        String data = options.required("data");
        String layoutName = options.optional("layout", "auto");
        StsLayout layout;
        try {
            layout = layoutName.equals("auto") ? null : StsLayout.fromName(layoutName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name() + ": " + e.getMessage());
        }
        StsDataset dataset;
        try (BufferedReader reader = DataLocations.openReader(data)) {
            dataset = StsDatasetReader.read(reader, data, layout);
        }
        if (dataset.pairs().size() < 2) {
            throw new UsageException(data + ": needs at least 2 scored pairs, found "
                    + dataset.pairs().size());
        }
        if (dataset.pairs().stream().mapToDouble(ScoredPair::score).distinct().count() == 1) {
            throw new UsageException(data + ": every pair has the gold score "
                    + dataset.pairs().get(0).score() + ", so no rank correlation is defined");
        }
        if (dataset.skippedHeader()) {
            err.println("gte: " + data + ": the first line is a header (its score field names the score column), "
                    + "skipped");
        }
        BatchingEncoder encoder = new BatchingEncoder(
                model.load(encoders, name()),
                TextEmbedder.maxTextsPerPass(model.batchSize()),
                EncodingProgress.to(err));
        out.printf(
                Locale.ROOT,
                "data=%s layout=%s pairs=%d skipped_unscored=%d%n",
                data,
                dataset.layout() == StsLayout.STS_BENCHMARK ? "stsb" : "score-first",
                dataset.pairs().size(),
                dataset.skippedUnscored());
        StsResult result = new StsEvaluator(encoder).evaluate(dataset);
        out.printf(Locale.ROOT, "spearman=%.4f%n", result.spearman());
    }
}
