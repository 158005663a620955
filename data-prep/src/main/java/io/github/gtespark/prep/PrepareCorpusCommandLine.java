package io.github.gtespark.prep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the corpus-preparation job:
 * <pre>
 *   --conf FILE [key=value ...]
 *   --source NAME=FORMAT:PATH[#key=value,...] [--source ...] --output URI [--alpha A] [--batch-size B] [--seed S]
 *       [--target-pairs N] [--max-length L] [key=value ...]
 * </pre>
 * FORMAT is jsonl (default layout {"query", "pos": [..], "neg": [..]}), tsv (default: no header, query column 0,
 * doc column 1), parquet or stackexchange; the part after {@code #} sets further keys of that source
 * ({@code debian=tsv:d.tsv.gz#header=true,query=synopsis,doc=description}; a graded corpus:
 * {@code stsb=tsv:train.tsv#header=true,query=sentence1,doc=sentence2,score=score,score-min=0,score-max=5}).
 * {@code --source} replaces the sources of
 * a configuration file. Options are sugar for {@code key=value} overrides.
 */
public final class PrepareCorpusCommandLine {

    public static final String USAGE = String.join(
            "\n",
            "usage: prepare-corpus --conf FILE [key=value ...]",
            "       prepare-corpus --source NAME=FORMAT:PATH[#k=v,...] [--source ...] --output URI [--alpha A]",
            "                      [--batch-size B] [--seed S] [--target-pairs N] [--max-length L] [key=value ...]",
            "FORMAT: jsonl | tsv | parquet | stackexchange");

    private static final Map<String, String> OPTION_KEYS = Map.of(
            "--output",
            "output",
            "--alpha",
            "alpha",
            "--batch-size",
            "batch-size",
            "--seed",
            "seed",
            "--target-pairs",
            "target-pairs",
            "--max-length",
            "max-length",
            "--master",
            "master");

    private PrepareCorpusCommandLine() {}

    /** Parses the arguments into the resolved configuration (defaults, file, overrides, command-line sources). */
    public static Config parse(String[] args) {
        String conf = null;
        List<String> overrides = new ArrayList<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--conf")) {
                conf = value(args, ++i, a);
            } else if (a.equals("--source")) {
                sources.add(source(value(args, ++i, a)));
            } else if (OPTION_KEYS.containsKey(a)) {
                overrides.add(OPTION_KEYS.get(a) + "=" + value(args, ++i, a));
            } else if (a.startsWith("--")
                    && a.contains("=")
                    && OPTION_KEYS.containsKey(a.substring(0, a.indexOf('=')))) {
                overrides.add(OPTION_KEYS.get(a.substring(0, a.indexOf('='))) + a.substring(a.indexOf('=')));
            } else if (a.startsWith("--")) {
                throw new ConfigurationException("unknown option " + a + "\n" + USAGE);
            } else if (a.contains("=")) {
                overrides.add(a);
            } else {
                throw new ConfigurationException("unexpected argument '" + a + "'\n" + USAGE);
            }
        }
        if (conf == null && sources.isEmpty()) {
            throw new ConfigurationException("give --conf FILE or at least one --source NAME=FORMAT:PATH\n" + USAGE);
        }
        Config c = StageConfigLoader.load(conf, overrides, PrepareCorpusSettings.DEFAULTS_RESOURCE);
        if (!sources.isEmpty()) {
            c = c.withValue("sources", ConfigValueFactory.fromIterable(sources));
        }
        return c;
    }

    /** {@code NAME=FORMAT:PATH[#key=value,...]} as a source object. */
    public static Map<String, Object> source(String spec) {
        int eq = spec.indexOf('=');
        int colon = eq < 0 ? -1 : spec.indexOf(':', eq);
        if (eq <= 0 || colon < 0 || colon == spec.length() - 1) {
            throw new ConfigurationException("--source must be NAME=FORMAT:PATH, got '" + spec + "'");
        }
        String name = spec.substring(0, eq);
        SourceFormat format = SourceFormat.parse(spec.substring(eq + 1, colon));
        String rest = spec.substring(colon + 1);
        String options = null;
        int hash = rest.lastIndexOf('#');
        if (hash >= 0) {
            options = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("format", format.configName());
        m.put("path", rest);
        if (format == SourceFormat.TSV) {
            m.put("header", false);
            m.put("query", "0");
            m.put("doc", "1");
        }
        if (options != null && !options.isEmpty()) {
            for (String kv : options.split(",")) {
                int e = kv.indexOf('=');
                if (e <= 0) {
                    throw new ConfigurationException(
                            "source option must be key=value, got '" + kv + "' in '" + spec + "'");
                }
                String key = kv.substring(0, e).trim();
                String value = kv.substring(e + 1).trim();
                if (!List.of(
                                "header",
                                "query",
                                "doc",
                                "neg",
                                "pair-type",
                                "weight",
                                "unescape",
                                "pairs",
                                "score",
                                "score-min",
                                "score-max")
                        .contains(key)) {
                    throw new ConfigurationException("unknown source option '" + key + "' in '" + spec + "'");
                }
                m.put(key, key.equals("pairs") ? List.of(value.split("\\+")) : value);
            }
        }
        return m;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new ConfigurationException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
