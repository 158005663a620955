package io.github.gtespark.train.metrics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.fs.AtomicFsWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The metrics file of a run ({@code metrics.jsonl}): one JSON object per line, each with a {@code type}
 * ({@code train} per averaging round, {@code eval} per evaluation, the first eval line of a stage being the start
 * model's {@code baseline}), {@code stage} and {@code step}.
 *
 * <p>Hadoop file systems cannot append reliably everywhere, so every append rewrites the (small) file atomically.
 * A resumed run reopens the file and drops the lines written after the checkpoint it resumes from.
 */
public final class MetricsLog {

    public static final String FILE_NAME = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fileUri;
    private final Configuration hadoopConf;
    private final List<Map<String, Object>> records;

    private MetricsLog(String fileUri, Configuration hadoopConf, List<Map<String, Object>> records) {
        this.fileUri = fileUri;
        this.hadoopConf = hadoopConf;
        this.records = records;
    }

    /** A new, empty log in {@code runDirUri} (an existing file is replaced at the first append). */
    public static MetricsLog create(String runDirUri, Configuration hadoopConf) {
        return new MetricsLog(fileIn(runDirUri), hadoopConf, new ArrayList<>());
    }

    /**
     * Reopens the log of {@code runDirUri} for a run resumed after {@code resumeStep} of {@code stage}: keeps the
     * lines of other stages and those of this stage up to that step.
     */
    public static MetricsLog reopen(String runDirUri, Configuration hadoopConf, String stage, long resumeStep)
            throws IOException {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> r : read(fileIn(runDirUri), hadoopConf)) {
            boolean sameStage = stage.equals(r.get("stage"));
            long step = ((Number) r.getOrDefault("step", 0)).longValue();
            if (!sameStage || step <= resumeStep) {
                kept.add(r);
            }
        }
        return new MetricsLog(fileIn(runDirUri), hadoopConf, kept);
    }

    /** All records of a metrics file (empty when there is none). */
    public static List<Map<String, Object>> read(String fileUri, Configuration hadoopConf) throws IOException {
        Path path = new Path(fileUri);
        FileSystem fs = path.getFileSystem(hadoopConf);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!fs.exists(path)) {
            return out;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {}));
                }
            }
        }
        return out;
    }

    public String fileUri() {
        return fileUri;
    }

    public synchronized void append(Map<String, Object> record) throws IOException {
        records.add(new LinkedHashMap<>(record));
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : records) {
            sb.append(JSON.writeValueAsString(r)).append('\n');
        }
        AtomicFsWriter.write(fileUri, sb.toString().getBytes(StandardCharsets.UTF_8), hadoopConf);
    }

    public synchronized List<Map<String, Object>> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    private static String fileIn(String runDirUri) {
        return runDirUri.replaceAll("/+$", "") + "/" + FILE_NAME;
    }
}
