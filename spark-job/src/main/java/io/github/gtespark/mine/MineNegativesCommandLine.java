package io.github.gtespark.mine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of the mining job:
 * <pre>
 *   [--conf FILE] --model M --input NAME=FORMAT:PATH[#k=v,...] [--input ...] [--corpus NAME=FORMAT:PATH ...]
 *       --output URI [--num-negatives 4] [--range-min 0] [--range-max 100] [--range-min-counts candidates|eligible]
 *       [--absolute-margin X] [--relative-margin X] [--max-score X] [--sampling top|random] [--seed S]
 *       [--consistency-top-k K] [--negatives-per query|positive] [--max-length L] [key=value ...]
 * </pre>
 * {@code --input} / {@code --corpus} take prepare-corpus's source syntax ({@link PrepareCorpusCommandLine#source})
 * and replace the {@code inputs} / {@code corpus} of a configuration file; the other options are sugar for
 * {@code key=value} overrides of {@value MiningSettings#DEFAULTS_RESOURCE}.
 */
public final class MineNegativesCommandLine {

    public static final String USAGE = String.join(
            "\n",
            "usage: mine-negatives --model M --input NAME=FORMAT:PATH[#k=v,...] [--input ...] [--corpus NAME=FORMAT:PATH ...]",
            "           --output URI [--num-negatives 4] [--range-min 0] [--range-max 100]",
            "           [--range-min-counts candidates|eligible] [--absolute-margin X]",
            "           [--relative-margin X] [--max-score X] [--sampling top|random] [--seed S] [--consistency-top-k K]",
            "           [--negatives-per query|positive] [--max-length L] [--conf FILE] [key=value ...]",
            "FORMAT: jsonl | tsv | parquet | stackexchange (prepare-corpus's sources)");

    private static final List<String> OPTIONS = List.of(
            "model",
            "output",
            "num-negatives",
            "range-min",
            "range-max",
            "range-min-counts",
            "absolute-margin",
            "relative-margin",
            "max-score",
            "sampling",
            "seed",
            "consistency-top-k",
            "negatives-per",
            "max-length",
            "master");

    private MineNegativesCommandLine() {}

    /** The resolved configuration: defaults, the file, overrides and options in order, then the command-line sources. */
    public static Config parse(String[] args) {
        String conf = null;
        List<String> overrides = new ArrayList<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        List<Map<String, Object>> corpus = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name =
                    a.startsWith("--") ? (a.contains("=") ? a.substring(2, a.indexOf('=')) : a.substring(2)) : null;
            String inline = a.startsWith("--") && a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            if (name == null) {
                if (!a.contains("=")) {
                    throw new ConfigurationException("unexpected argument '" + a + "'\n" + USAGE);
                }
                overrides.add(a);
                continue;
            }
            String value = inline != null ? inline : value(args, ++i, a);
            switch (name) {
                case "conf" -> conf = value;
                case "input" -> inputs.add(source("--input", value));
                case "corpus" -> corpus.add(source("--corpus", value));
                default -> {
                    if (!OPTIONS.contains(name)) {
                        throw new ConfigurationException("unknown option --" + name + "\n" + USAGE);
                    }
                    overrides.add(name + "=" + value);
                }
            }
        }
        Config c = StageConfigLoader.load(conf, overrides, MiningSettings.DEFAULTS_RESOURCE);
        if (!inputs.isEmpty()) {
            c = c.withValue("inputs", ConfigValueFactory.fromIterable(inputs));
        }
        if (!corpus.isEmpty()) {
            c = c.withValue("corpus", ConfigValueFactory.fromIterable(corpus));
        }
        return c;
    }

    private static Map<String, Object> source(String option, String spec) {
        try {
            return PrepareCorpusCommandLine.source(spec);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(option + ": " + e.getMessage().replace("--source", option), e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new ConfigurationException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
