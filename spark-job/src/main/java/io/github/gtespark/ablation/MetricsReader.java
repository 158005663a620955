package io.github.gtespark.ablation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a run's metrics.jsonl: the final evaluation of the last stage, the start model's evaluation, and what the
 * in-training evaluation cost.
 */
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

    /**
     * @return {evaluation seconds, training seconds} of the stage's {@code eval_cost} line (the last one, written at
     *     the stage's end); {0, 0} when the file or the line is absent
     */
    public static double[] evaluationCost(Path metricsJsonl) throws IOException {
        double[] cost = {0, 0};
        if (Files.exists(metricsJsonl)) {
            for (String line : Files.readAllLines(metricsJsonl, StandardCharsets.UTF_8)) {
                if (line.isBlank() || !line.contains("eval_cost")) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if ("eval_cost".equals(n.path("type").asText())) {
                    cost[0] = n.path("evaluation_seconds").asDouble(0);
                    cost[1] = n.path("training_seconds").asDouble(0);
                }
            }
        }
        return cost;
    }
}
