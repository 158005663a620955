package io.github.gtespark.prep.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.gtespark.fs.AtomicFsWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes {@code run-stats.json} beside the manifest: per step the pairs in and out, wall seconds and task CPU
 * seconds, and the peak heap of the driver JVM. Kept out of manifest.json so that the manifest is reproducible.
 */
public final class RunStatsWriter {

    public static final String FILE_NAME = "run-stats.json";

    private RunStatsWriter() {}

    public static void write(
            List<StepTiming> timings, int cores, long peakHeapBytes, String outputDir, Configuration conf)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("peak_heap_bytes", peakHeapBytes);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepTiming t : timings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("step", t.step());
            e.put("pairs_in", t.pairsIn());
            e.put("pairs_out", t.pairsOut());
            e.put("seconds", Math.round(t.seconds() * 1000) / 1000.0);
            e.put("task_cpu_seconds", Math.round(t.cpuSeconds() * 1000) / 1000.0);
            e.put("driver_cpu_seconds", Math.round(t.driverCpuSeconds() * 1000) / 1000.0);
            e.put("gc_seconds", Math.round(t.gcSeconds() * 1000) / 1000.0);
            e.put("cached_memory_bytes", t.cachedMemoryBytes());
            e.put("cached_disk_bytes", t.cachedDiskBytes());
            steps.add(e);
        }
        m.put("timings", steps);
        byte[] json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m);
        String dir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
        AtomicFsWriter.write(dir + "/" + FILE_NAME, json, conf);
    }
}
