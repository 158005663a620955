package io.github.gtespark.mine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.gtespark.fs.AtomicFsWriter;
import io.github.gtespark.prep.config.SourceSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code manifest.json} of a mining run, written atomically: the model and every setting; per input {@code read},
 * {@code kept} (pairs written), {@code rows}, {@code excluded} by reason ({@code read == kept + sum(excluded)}), a
 * negatives-per-row histogram and quantiles (to within 0.001) of the written positive and negative cosines; per
 * corpus source {@code read}, {@code documents} (valid documents read) and {@code excluded}; the totals; and
 * {@code empty: true} when nothing was mined. Timings are under {@code timings_seconds}.
 */
public final class MiningManifest {

    public static final String FILE_NAME = "manifest.json";

    private MiningManifest() {}

    public static Map<String, Object> build(
            MiningSettings s,
            MiningCounts counts,
            long poolSize,
            long queries,
            long rows,
            double embedPoolSeconds,
            double searchSeconds,
            double totalSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("empty", rows == 0);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("num_negatives", s.numNegatives());
        settings.put("range_min", s.rangeMin());
        settings.put("range_max", s.rangeMax());
        settings.put("range_min_counts", s.rangeMinCount().configName());
        settings.put("absolute_margin", s.absoluteMargin());
        settings.put("relative_margin", s.relativeMargin());
        settings.put("max_score", s.maxScore());
        settings.put("sampling", s.sampling().configName());
        settings.put("seed", s.seed());
        settings.put("consistency_top_k", s.consistencyTopK() == 0 ? null : s.consistencyTopK());
        settings.put("negatives_per", s.negativesPer().configName());
        settings.put("max_length", s.maxLength());
        settings.put("embed_batch_size", s.embedBatchSize());
        settings.put("query_block_size", s.queryBlockSize());
        settings.put("doc_block_size", s.docBlockSize());
        m.put("settings", settings);
        m.put("pool_documents", poolSize);
        m.put("queries", queries);
        m.put("rows", rows);
        long kept = 0;
        long[] hist = new long[s.numNegatives() + 1];
        ScoreHistogram pos = new ScoreHistogram();
        ScoreHistogram neg = new ScoreHistogram();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < s.inputs().size(); i++) {
            SourceSpec spec = s.inputs().get(i);
            MiningCounts.Source c = counts.source(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", spec.name());
            e.put("format", spec.format().configName());
            e.put("paths", spec.paths());
            e.put("read", c.read);
            e.put("kept", c.kept);
            e.put("rows", c.rows);
            e.put("excluded", c.excluded);
            e.put("negatives_per_row", histogram(c.negativesPerRow));
            e.put("pos_score", c.posScores.summary());
            e.put("neg_score", c.negScores.summary());
            inputs.add(e);
            kept += c.kept;
            for (int j = 0; j < hist.length; j++) {
                hist[j] += c.negativesPerRow[j];
            }
            pos.merge(c.posScores);
            neg.merge(c.negScores);
        }
        m.put("pairs", kept);
        m.put("negatives_per_row", histogram(hist));
        m.put("pos_score", pos.summary());
        m.put("neg_score", neg.summary());
        m.put("inputs", inputs);
        List<Map<String, Object>> corpus = new ArrayList<>();
        for (int i = 0; i < s.corpus().size(); i++) {
            SourceSpec spec = s.corpus().get(i);
            MiningCounts.Source c = counts.source(s.inputs().size() + i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", spec.name());
            e.put("format", spec.format().configName());
            e.put("paths", spec.paths());
            e.put("read", c.read);
            e.put("documents", c.kept);
            e.put("excluded", c.excluded);
            corpus.add(e);
        }
        m.put("corpus", corpus);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("embed_pool", embedPoolSeconds);
        timings.put("search", searchSeconds);
        timings.put("total", totalSeconds);
        m.put("timings_seconds", timings);
        return m;
    }

    /** {"1": rows with one negative, ...}, zero counts left out. */
    private static Map<String, Long> histogram(long[] counts) {
        Map<String, Long> h = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                h.put(Integer.toString(i), counts[i]);
            }
        }
        return h;
    }

    public static void write(Map<String, Object> manifest, String outputDir, Configuration conf) throws IOException {
        byte[] json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
        String dir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
        AtomicFsWriter.write(dir + "/" + FILE_NAME, json, conf);
    }
}
