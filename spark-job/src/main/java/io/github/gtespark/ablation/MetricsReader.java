package io.github.gtespark.ablation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a run's metrics.jsonl: the final evaluation of the last stage and the start model's evaluation. */
public final class MetricsReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsReader() {}

    /**
     * @return {final figures, start figures}: the last non-baseline {@code eval} line of {@code lastStage} (none: empty), and the first baseline {@code eval} line of the file (with
     * metrics.include-previous, the first stage's start model); empty maps when absent
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Double>[] read(Path metricsJsonl, String lastStage) throws IOException {
        Map<String, Double> last = new LinkedHashMap<>();
        Map<String, Double> start = null;
        if (Files.exists(metricsJsonl)) {
            for (String line : Files.readAllLines(metricsJsonl, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (!"eval".equals(n.path("type").asText())) {
                    continue;
                }
                Map<String, Double> m = new LinkedHashMap<>();
                n.path("metrics")
                        .fields()
                        .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
                boolean baseline = n.path("baseline").asBoolean(false);
                if (baseline && start == null) {
                    start = m;
                }
                if (lastStage.equals(n.path("stage").asText())) {
                    if (!baseline) {
                        last = m;
                    }
                }
            }
        }
        return new Map[] {last, start == null ? Map.of() : start};
    }
}
