package io.github.gtespark.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.EvaluationSet;
import io.github.gtespark.eval.EvaluationSets;
import io.github.gtespark.eval.Evaluator;
import io.github.gtespark.eval.SequentialEvaluator;
import io.github.gtespark.model.TextEmbedder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code gte eval}: a model on a list of named evaluation sets, one table (or JSON). */
final class EvalCommand implements Subcommand {

    private final EncoderLoader encoders;

    EvalCommand(EncoderLoader encoders) {
        this.encoders = encoders;
    }

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "a model on named evaluation sets (STS and retrieval), one table";
    }

    @Override
    public String help() {
        return """
                usage: gte eval --model MODEL --sets SET [SET ...] [--json] [--max-length N] [--batch-size N]
                                [--max-queries N] [--max-sts-pairs N] [--dim D]

                Evaluates MODEL on every set, in order, and prints one table: a row per set with its type, its
                primary metric (sts: spearman; retrieval: ndcg@10) and its other metrics (retrieval: mrr@10,
                recall@100). With --json the output is one JSON object instead:
                {"model": ..., "sets": {NAME: {"type": ..., METRIC: VALUE, ...}, ...}}.

                  --sets SET ...     each SET is NAME=TYPE:PATH (TYPE sts: an STS file as eval-sts reads it;
                                     retrieval: a BEIR directory as eval-retrieval reads it, split test), or a
                                     HOCON/JSON file with sets = [{name = ..., type = sts|retrieval, path = ...}]
                                     (relative paths in it are relative to the file's directory); names must be
                                     unique
                  --json             print JSON instead of the table
                  --max-queries N    evaluate the first N queries of each retrieval set (default 0: all)
                  --max-sts-pairs N  evaluate the first N pairs of each STS set (default 0: all)
                """ + ModelOptions.HELP + FirstDimensions.HELP_EVAL + """
                Progress (texts/s, ETA) goes to stderr.
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options = CommandLineOptions.parse(
                name(), args, ModelOptions.namesWith("max-queries", "max-sts-pairs"), Set.of("json"), Set.of("sets"));
        ModelOptions model = ModelOptions.from(options);
        List<String> specs = options.list("sets");
        if (specs.isEmpty()) {
            throw new UsageException(name() + ": missing required option --sets");
        }
        int maxQueries = options.integer("max-queries", 0, 0);
        int maxStsPairs = options.integer("max-sts-pairs", 0, 0);
        List<EvaluationSet> sets = new ArrayList<>();
        for (String spec : specs) {
            sets.addAll(parse(spec));
        }
        SequentialEvaluator evaluator;
        try {
            evaluator = EvaluationSets.load(sets, maxQueries, maxStsPairs, w -> err.println("gte: warning: " + w));
        } catch (IllegalArgumentException e) {
            throw new UsageException(name() + ": " + e.getMessage());
        }
        BatchingEncoder encoder = new BatchingEncoder(
                model.load(encoders, name()),
                TextEmbedder.maxTextsPerPass(model.batchSize()),
                EncodingProgress.to(err));
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        for (int i = 0; i < evaluator.evaluators().size(); i++) {
            Evaluator e = evaluator.evaluators().get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", sets.get(i).type().label());
            row.putAll(e.evaluate(encoder));
            results.put(e.name(), row);
        }
        if (options.flag("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model.model());
            json.put("max_length", model.maxLength());
            if (model.dim() > 0) {
                json.put("dim", model.dim());
            }
            json.put("sets", results);
            out.println(new ObjectMapper().writeValueAsString(json));
        } else {
            printTable(out, model.model(), evaluator, results);
        }
    }

    private static void printTable(
            PrintStream out, String model, SequentialEvaluator evaluator, Map<String, Map<String, Object>> results) {
        int width = Math.max(
                3, results.keySet().stream().mapToInt(String::length).max().orElse(3));
        out.printf(Locale.ROOT, "model=%s%n", model);
        out.printf(Locale.ROOT, "%-" + width + "s  %-9s  %-10s  %s%n", "set", "type", "primary", "metrics");
        for (Evaluator e : evaluator.evaluators()) {
            Map<String, Object> row = results.get(e.name());
            StringBuilder metrics = new StringBuilder();
            row.forEach((k, v) -> {
                if (v instanceof Double d) {
                    metrics.append(metrics.length() == 0 ? "" : " ")
                            .append(k)
                            .append('=')
                            .append(String.format(Locale.ROOT, "%.4f", d));
                }
            });
            out.printf(
                    Locale.ROOT,
                    "%-" + width + "s  %-9s  %-10s  %s%n",
                    e.name(),
                    row.get("type"),
                    String.format(Locale.ROOT, "%.4f", (Double) row.get(e.primaryMetric())),
                    metrics);
        }
    }

    /** {@code NAME=TYPE:PATH}, or a file listing sets. */
    static List<EvaluationSet> parse(String spec) throws IOException {
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':');
        boolean inline = eq > 0 && colon > eq && !spec.substring(0, eq).contains("/");
        if (inline) {
            try {
                return List.of(EvaluationSet.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageException("eval: " + e.getMessage());
            }
        }
        if (!DataLocations.exists(spec)) {
            throw new UsageException("eval: '" + spec + "' is neither NAME=TYPE:PATH nor an existing sets file");
        }
        Config config;
        try (BufferedReader r = DataLocations.openReader(spec)) {
            config = ConfigFactory.parseReader(r);
        } catch (ConfigException e) {
            throw new UsageException("eval: " + spec + ": not HOCON/JSON: " + e.getMessage());
        }
        if (!config.hasPath("sets")) {
            throw new UsageException("eval: " + spec + " has no 'sets' list");
        }
        List<EvaluationSet> sets = new ArrayList<>();
        try {
            for (Config entry : config.getConfigList("sets")) {
                String path = entry.getString("path");
                sets.add(new EvaluationSet(
                        entry.getString("name"),
                        EvaluationSet.Type.fromName(entry.getString("type")),
                        relativeTo(spec, path)));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UsageException("eval: " + spec + ": " + e.getMessage()
                    + " (each set: {name = ..., type = sts | retrieval, path = ...})");
        }
        return sets;
    }

    private static String relativeTo(String file, String path) {
        if (path.startsWith("/") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return path;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent.resolve(path).normalize().toString();
    }
}
