package io.github.gtespark.prep.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.gtespark.fs.AtomicFsWriter;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes {@code manifest.json} beside the shards (fields of docs/dev/contracts.md plus per-source batching details),
 * atomically. A scored source ({@code score = COLUMN}) gets {@code "score": {"column", "min", "max"}} (bounds only
 * when set); the training job reads it to know whether every pair of the shards has a score. It holds no timings or dates: the same inputs, configuration and seed give the same manifest.
 */
public final class ManifestWriter {

    public static final String FILE_NAME = "manifest.json";

    private ManifestWriter() {}

    public static Map<String, Object> manifest(
            PrepareCorpusSettings s,
            long pairs,
            long batches,
            int hardNegatives,
            List<String> shards,
            List<SourceCounts> sources,
            long targetPairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", s.alpha());
        m.put("seed", s.seed());
        m.put("batch_size", s.batchSize());
        m.put("max_length", s.maxLength());
        m.put("pairs", pairs);
        m.put("batches", batches);
        m.put("hard_negatives", hardNegatives);
        m.put("tokenizer", s.tokenizer());
        m.put("target_pairs", targetPairs);
        m.put("shards", shards);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SourceCounts c : sources) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name);
            e.put("format", c.format);
            e.put("pair_type", c.pairType);
            e.put("read", c.read);
            e.put("kept", c.kept);
            e.put("probability", c.probability);
            e.put("allocated", c.allocated);
            e.put("sampled", c.sampled);
            e.put("batches", c.batches);
            e.put("epochs", c.epochs);
            e.put("dropped_partial_batch", c.droppedPartial);
            e.put("dropped_batch_conflict", c.droppedConflict);
            e.put("excluded", c.excluded);
            e.put("negatives_removed", c.negativesRemoved);
            for (SourceSpec spec : s.sources()) {
                if (spec.name().equals(c.name) && spec.hasScore()) {
                    Map<String, Object> score = new LinkedHashMap<>();
                    score.put("column", spec.scoreField());
                    if (spec.scoreMin() != Double.NEGATIVE_INFINITY) {
                        score.put("min", spec.scoreMin());
                    }
                    if (spec.scoreMax() != Double.POSITIVE_INFINITY) {
                        score.put("max", spec.scoreMax());
                    }
                    e.put("score", score);
                }
            }
            list.add(e);
        }
        m.put("sources", list);
        return m;
    }

    public static void write(Map<String, Object> manifest, String outputDir, Configuration conf) throws IOException {
        byte[] json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
        String dir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
        AtomicFsWriter.write(dir + "/" + FILE_NAME, json, conf);
    }
}
