package io.github.gtespark.mine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the mining job needs, read and validated from the resolved configuration (defaults:
 * {@value #DEFAULTS_RESOURCE}); every error names its key. Inputs and corpus sources use prepare-corpus's source
 * syntax and get consecutive source indices (inputs first), which their record ids carry.
 *
 * @param absoluteMargin null when not given (likewise {@code relativeMargin}, {@code maxScore})
 * @param consistencyTopK 0 = no consistency filter
 * @param negativesPer    negatives per query (measured against its weakest kept positive) or per positive
 * @param dumpVectors     also write the unit vectors under {@code output/vectors/}
 */
public record MiningSettings(
        String model,
        String output,
        String master,
        int partitions,
        List<SourceSpec> inputs,
        List<SourceSpec> corpus,
        int numNegatives,
        int rangeMin,
        int rangeMax,
        RangeMinCount rangeMinCount,
        Double absoluteMargin,
        Double relativeMargin,
        Double maxScore,
        Sampling sampling,
        long seed,
        int consistencyTopK,
        NegativesPer negativesPer,
        int maxLength,
        int embedBatchSize,
        int queryBlockSize,
        int docBlockSize,
        boolean dumpVectors)
        implements Serializable {

    public static final String DEFAULTS_RESOURCE = "io/github/gtespark/mine/mine-negatives-defaults.conf";

    public static MiningSettings from(Config c) {
        try {
            return parse(c);
        } catch (ConfigException e) {
            throw new ConfigurationException("invalid mining configuration: " + e.getMessage(), e);
        }
    }

    private static MiningSettings parse(Config c) {
        String baseDir = c.getString("base-dir");
        String model = c.getString("model").trim();
        require(!model.isEmpty(), "model: no model given (--model NAME|DIR)");
        if (!PrepareCorpusSettings.resolve(baseDir, model).equals(model) && !model.matches("[A-Za-z0-9_.-]+")) {
            model = PrepareCorpusSettings.resolve(baseDir, model);
        }
        String output = c.getString("output").trim();
        require(!output.isEmpty(), "output: no output directory given (--output URI)");
        int numNegatives = c.getInt("num-negatives");
        require(numNegatives >= 1, "num-negatives must be >= 1, got " + numNegatives);
        int rangeMin = c.getInt("range-min");
        int rangeMax = c.getInt("range-max");
        require(rangeMin >= 0, "range-min must be >= 0, got " + rangeMin);
        require(
                rangeMax > rangeMin,
                "range-max must be > range-min, got range-min " + rangeMin + ", range-max " + rangeMax);
        Double absolute = optional(c, "absolute-margin");
        Double relative = optional(c, "relative-margin");
        Double maxScore = optional(c, "max-score");
        require(absolute == null || absolute >= 0, "absolute-margin must be >= 0, got " + absolute);
        require(relative == null || relative >= 0, "relative-margin must be >= 0, got " + relative);
        Double topK = optional(c, "consistency-top-k");
        require(
                topK == null || (topK >= 1 && topK == Math.rint(topK) && topK <= Integer.MAX_VALUE),
                "consistency-top-k must be an integer >= 1 (or null: no consistency filter), got " + topK);
        int k = topK == null ? 0 : topK.intValue();
        int maxLength = c.getInt("max-length");
        require(maxLength >= 2, "max-length must be >= 2 ([CLS] and [SEP]), got " + maxLength);
        int batch = c.getInt("embed.batch-size");
        require(batch >= 1, "embed.batch-size must be >= 1, got " + batch);
        int qb = c.getInt("search.query-block-size");
        int db = c.getInt("search.doc-block-size");
        require(qb >= 1, "search.query-block-size must be >= 1, got " + qb);
        require(db >= 1, "search.doc-block-size must be >= 1, got " + db);
        require((long) qb * db <= Integer.MAX_VALUE, "search.query-block-size x search.doc-block-size must be < 2^31");
        int partitions = c.getInt("partitions");
        require(partitions >= 0, "partitions must be >= 0, got " + partitions);
        List<SourceSpec> inputs = sources(c, "inputs", 0, baseDir);
        require(!inputs.isEmpty(), "inputs: no input given (--input NAME=FORMAT:PATH)");
        List<SourceSpec> corpus = sources(c, "corpus", inputs.size(), baseDir);
        Set<String> names = new HashSet<>();
        for (SourceSpec s : inputs) {
            require(names.add(s.name()), "inputs: duplicate name '" + s.name() + "'");
        }
        for (SourceSpec s : corpus) {
            require(
                    names.add(s.name()),
                    "corpus: duplicate name '" + s.name() + "' (names are unique over inputs and corpus)");
        }
        require(names.size() <= 127, "at most 127 inputs and corpus sources together, got " + names.size());
        return new MiningSettings(
                model,
                PrepareCorpusSettings.resolve(baseDir, output),
                c.getString("master"),
                partitions,
                inputs,
                corpus,
                numNegatives,
                rangeMin,
                rangeMax,
                RangeMinCount.parse("range-min-counts", c.getString("range-min-counts")),
                absolute,
                relative,
                maxScore,
                Sampling.parse("sampling", c.getString("sampling")),
                c.getLong("seed"),
                k,
                NegativesPer.parse("negatives-per", c.getString("negatives-per")),
                maxLength,
                batch,
                qb,
                db,
                c.getBoolean("dump-vectors"));
    }

    private static List<SourceSpec> sources(Config c, String key, int firstIndex, String baseDir) {
        List<SourceSpec> out = new ArrayList<>();
        for (Config s : c.getConfigList(key)) {
            try {
                out.add(PrepareCorpusSettings.source(s, firstIndex + out.size(), baseDir));
            } catch (ConfigurationException e) {
                throw new ConfigurationException(key + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Double optional(Config c, String key) {
        if (!c.hasPath(key)) {
            return null;
        }
        String raw = c.getString(key).trim();
        if (raw.equals("null") || raw.equals("none") || raw.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(raw);
            require(Double.isFinite(v), key + " must be a finite number, got '" + raw + "'");
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a number, got '" + raw + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException(message);
        }
    }

    /** Every source, inputs first (index = position). */
    public List<SourceSpec> allSources() {
        List<SourceSpec> all = new ArrayList<>(inputs);
        all.addAll(corpus);
        return all;
    }
}
