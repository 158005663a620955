package io.github.gtespark.prep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.github.gtespark.config.ConfigurationException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the corpus-preparation job needs, read and validated from a resolved HOCON configuration
 * (defaults: {@code prepare-corpus-defaults.conf} on the classpath). Relative paths are resolved against
 * {@code base-dir}.
 */
public record PrepareCorpusSettings(
        String output,
        boolean skipIfDone,
        String master,
        int partitions,
        long seed,
        double alpha,
        int batchSize,
        long targetPairs,
        int maxLength,
        String tokenizer,
        int maxNegatives,
        boolean requireNegatives,
        int batchesPerShard,
        int maxOpenBatches,
        CleanSettings clean,
        boolean exactDedup,
        boolean nearDedup,
        MinHashSettings nearDedupHashing,
        boolean decontamination,
        MinHashSettings decontaminationHashing,
        List<EvaluationSetSpec> evaluationSets,
        String exclusionsFormat,
        List<SourceSpec> sources)
        implements Serializable {

    /** The classpath resource holding every key with its default. */
    public static final String DEFAULTS_RESOURCE = "prepare-corpus-defaults.conf";

    public static final String BUILT_IN_TOKENIZER = "bert-base-uncased";

    public static PrepareCorpusSettings from(Config c) {
        try {
            return parse(c);
        } catch (ConfigException e) {
            throw new ConfigurationException("invalid corpus configuration: " + e.getMessage(), e);
        }
    }

    private static PrepareCorpusSettings parse(Config c) {
        String baseDir = c.getString("base-dir");
        double alpha = c.getDouble("alpha");
        int batchSize = c.getInt("batch-size");
        int maxLength = c.getInt("max-length");
        require(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1], got " + alpha);
        require(batchSize >= 1, "batch-size must be >= 1, got " + batchSize);
        require(maxLength >= 2, "max-length must be >= 2 ([CLS] and [SEP]), got " + maxLength);
        require(c.getLong("target-pairs") >= 0, "target-pairs must be >= 0");
        require(c.getInt("batches-per-shard") >= 1, "batches-per-shard must be >= 1");
        require(c.getInt("max-negatives") >= 0, "max-negatives must be >= 0");
        require(c.getInt("max-open-batches") >= 1, "max-open-batches must be >= 1");
        String tokenizer = c.getString("tokenizer");
        if (!BUILT_IN_TOKENIZER.equals(tokenizer)) {
            tokenizer = resolve(baseDir, tokenizer);
        }
        Config cl = c.getConfig("clean");
        CleanSettings clean = new CleanSettings(
                cl.getInt("min-chars"),
                cl.getInt("max-chars"),
                cl.getInt("min-tokens"),
                cl.getInt("max-tokens"),
                cl.getDouble("min-alpha-ratio"),
                cl.getBoolean("drop-query-equals-doc"),
                cl.getBoolean("language.enabled"),
                cl.getDouble("language.min-latin-ratio"),
                cl.getInt("language.min-words"),
                cl.getDouble("language.min-function-word-ratio"));
        Config near = c.getConfig("dedup.near");
        MinHashSettings nearHashing = minHash(near, "dedup.near");
        Config dc = c.getConfig("decontamination");
        MinHashSettings deconHashing = new MinHashSettings(
                dc.getDouble("threshold"),
                dc.getInt("shingle-size"),
                dc.getInt("bands"),
                dc.getInt("rows-per-band"),
                0);
        validate(deconHashing, "decontamination");
        List<EvaluationSetSpec> sets = new ArrayList<>();
        for (Config s : dc.getConfigList("sets")) {
            List<Integer> cols = s.hasPath("columns") ? s.getIntList("columns") : List.of(5, 6);
            sets.add(new EvaluationSetSpec(s.getString("name"), paths(s, baseDir), cols));
        }
        boolean decon = dc.getBoolean("enabled");
        require(
                !decon || !sets.isEmpty(),
                "decontamination.enabled = true needs at least one entry in decontamination.sets");
        String exclusionsFormat = c.getString("exclusions.format").toLowerCase(Locale.ROOT);
        require(
                exclusionsFormat.equals("parquet") || exclusionsFormat.equals("jsonl"),
                "exclusions.format must be parquet or jsonl, got " + exclusionsFormat);

        List<SourceSpec> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config s : c.getConfigList("sources")) {
            SourceSpec spec = source(s, sources.size(), baseDir);
            require(names.add(spec.name()), "duplicate source name '" + spec.name() + "'");
            sources.add(spec);
        }
        require(
                !sources.isEmpty(),
                "no sources configured (sources = [ {name, format, path, ...} ] or --source NAME=FORMAT:PATH)");
        require(sources.size() <= 127, "at most 127 sources, got " + sources.size());
        String output = c.getString("output")
                .replace(
                        "{date}",
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        return new PrepareCorpusSettings(
                resolve(baseDir, output),
                c.getBoolean("skip-if-done"),
                c.getString("master"),
                c.getInt("partitions"),
                c.getLong("seed"),
                alpha,
                batchSize,
                c.getLong("target-pairs"),
                maxLength,
                tokenizer,
                c.getInt("max-negatives"),
                c.getBoolean("require-negatives"),
                c.getInt("batches-per-shard"),
                c.getInt("max-open-batches"),
                clean,
                c.getBoolean("dedup.exact"),
                near.getBoolean("enabled"),
                nearHashing,
                decon,
                deconHashing,
                sets,
                exclusionsFormat,
                sources);
    }

    private static MinHashSettings minHash(Config m, String where) {
        MinHashSettings s = new MinHashSettings(
                m.getDouble("threshold"),
                m.getInt("shingle-size"),
                m.getInt("bands"),
                m.getInt("rows-per-band"),
                m.getInt("max-comparisons"));
        validate(s, where);
        require(s.maxComparisons() >= 1, where + ".max-comparisons must be >= 1");
        return s;
    }

    private static void validate(MinHashSettings s, String where) {
        require(s.threshold() > 0 && s.threshold() <= 1, where + ".threshold must be in (0, 1]");
        require(s.shingleSize() >= 1, where + ".shingle-size must be >= 1");
        require(s.bands() >= 1 && s.rowsPerBand() >= 1, where + ".bands and rows-per-band must be >= 1");
    }

    /** One entry of {@code sources} (also read by other jobs that take prepare-corpus sources, e.g. mine-negatives). */
    public static SourceSpec source(Config s, int index, String baseDir) {
        require(s.hasPath("name"), "source #" + index + " has no name");
        String name = s.getString("name");
        require(
                name.matches("[A-Za-z0-9_.-]+"),
                "source name '" + name + "' may only use letters, digits, '_', '.', '-'");
        require(s.hasPath("format"), "source '" + name + "' has no format");
        SourceFormat format = SourceFormat.parse(s.getString("format"));
        require(s.hasPath("path"), "source '" + name + "' has no path");
        PairType pairType = s.hasPath("pair-type") ? PairType.parse(s.getString("pair-type")) : PairType.ASYMMETRIC;
        double weight = s.hasPath("weight") ? s.getDouble("weight") : 1.0;
        require(weight >= 0, "source '" + name + "': weight must be >= 0");
        String defQuery = "query";
        String defDoc = format == SourceFormat.JSONL ? "pos" : "doc";
        String defNeg = format == SourceFormat.JSONL ? "neg" : null;
        String query = s.hasPath("query") ? s.getString("query") : defQuery;
        String doc = s.hasPath("doc") ? s.getString("doc") : defDoc;
        String neg = s.hasPath("neg") ? emptyToNull(s.getString("neg")) : defNeg;
        boolean header = !s.hasPath("header") || s.getBoolean("header");
        boolean unescape = !s.hasPath("unescape") || s.getBoolean("unescape");
        if (format == SourceFormat.TSV && !header) {
            requireIndex(name, "query", query);
            requireIndex(name, "doc", doc);
            if (neg != null) {
                requireIndex(name, "neg", neg);
            }
        }
        List<String> sePairs = s.hasPath("pairs")
                ? s.getStringList("pairs")
                : List.of(SourceSpec.TITLE_BODY, SourceSpec.QUESTION_ANSWER);
        for (String p : sePairs) {
            require(
                    p.equals(SourceSpec.TITLE_BODY) || p.equals(SourceSpec.QUESTION_ANSWER),
                    "source '" + name + "': unknown pairs entry '" + p + "' (title-body, question-answer)");
        }
        String score = s.hasPath("score") ? emptyToNull(s.getString("score")) : null;
        double scoreMin = scoreBound(s, "score-min", name, Double.NEGATIVE_INFINITY);
        double scoreMax = scoreBound(s, "score-max", name, Double.POSITIVE_INFINITY);
        if (score != null) {
            require(
                    format == SourceFormat.TSV || format == SourceFormat.JSONL,
                    "source '" + name + "': score applies to tsv and jsonl sources, not " + format.configName());
            if (format == SourceFormat.TSV && !header) {
                requireIndex(name, "score", score);
            }
        } else {
            require(
                    !s.hasPath("score-min") && !s.hasPath("score-max"),
                    "source '" + name + "': score-min/score-max need a score column (score = COLUMN)");
        }
        require(
                !Double.isNaN(scoreMin) && !Double.isNaN(scoreMax) && scoreMin <= scoreMax,
                "source '" + name + "': score-min (" + scoreMin + ") must be <= score-max (" + scoreMax + ")");
        return new SourceSpec(
                index,
                name,
                format,
                paths(s, baseDir),
                pairType,
                query,
                doc,
                neg,
                header,
                unescape,
                weight,
                List.copyOf(sePairs),
                score,
                scoreMin,
                scoreMax);
    }

    private static double scoreBound(Config s, String key, String source, double absent) {
        if (!s.hasPath(key)) {
            return absent;
        }
        try {
            return s.getDouble(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigurationException("source '" + source + "': " + key + " must be a number, got '"
                    + s.getValue(key).unwrapped() + "'");
        }
    }

    private static void requireIndex(String source, String key, String value) {
        require(
                value.matches("\\d+"),
                "source '" + source + "': TSV without header needs a 0-based column number for " + key + ", got '"
                        + value + "'");
    }

    private static List<String> paths(Config s, String baseDir) {
        ConfigValue v = s.getValue("path");
        List<String> raw =
                v.valueType() == ConfigValueType.LIST ? s.getStringList("path") : List.of(s.getString("path"));
        List<String> out = new ArrayList<>();
        for (String p : raw) {
            out.add(resolve(baseDir, p));
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A path with a URI scheme or an absolute path stays as it is; a relative one is taken relative to {@code baseDir}. */
    public static String resolve(String baseDir, String path) {
        if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                || path.startsWith("/")
                || baseDir == null
                || baseDir.isEmpty()
                || baseDir.equals(".")) {
            return path;
        }
        return baseDir.endsWith("/") ? baseDir + path : baseDir + "/" + path;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException(message);
        }
    }

    public SourceSpec source(int index) {
        return sources.get(index);
    }
}
