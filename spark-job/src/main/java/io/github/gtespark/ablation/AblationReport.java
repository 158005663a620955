package io.github.gtespark.ablation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * ablation.md (one row per variant: mean and min-max over seeds of each set's primary metric, the change against
 * the baseline, pairs seen, wall time) and ablation.jsonl (one line per cell run). Pure functions of the results.
 */
public final class AblationReport {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private AblationReport() {}

    /** Mean, min and max of one set's primary metric over a variant's finished runs. */
    public record Figure(double mean, double min, double max, int n) {}

    public static Figure figure(List<CellResult> runs, EvalSet set) {
        List<Double> v = runs.stream()
                .filter(CellResult::done)
                .map(r -> r.metrics().get(set.metricKey()))
                .filter(x -> x != null && !x.isNaN())
                .toList();
        if (v.isEmpty()) {
            return null;
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Figure(
                mean,
                v.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                v.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                v.size());
    }

    /**
     * @param header lines printed above the table (grid, budget, how to read it)
     */
    public static String markdown(
            String title, List<String> header, List<EvalSet> sets, List<Variant> variants, List<CellResult> results) {
        StringBuilder s = new StringBuilder("# ").append(title).append("\n\n");
        header.forEach(h -> s.append(h).append('\n'));
        s.append('\n');
        StringBuilder head = new StringBuilder("| cell | changes | runs |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (EvalSet set : sets) {
            head.append(' ')
                    .append(set.name())
                    .append(' ')
                    .append(set.primaryMetric())
                    .append(" | Δ |");
            rule.append("---|---|");
        }
        head.append(" pairs seen | wall time | eval share |");
        rule.append("---|---|---|");
        s.append(head).append('\n').append(rule).append('\n');

        Map<String, List<CellResult>> byVariant = new LinkedHashMap<>();
        results.forEach(r ->
                byVariant.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r));
        List<CellResult> baselineRuns = byVariant.getOrDefault("baseline", List.of());
        // the start model: the same figures in every run; taken from the baseline's first finished run
        baselineRuns.stream()
                .filter(r -> !r.startMetrics().isEmpty())
                .findFirst()
                .ifPresent(r -> {
                    s.append("| start model | before training | - |");
                    for (EvalSet set : sets) {
                        Double v = r.startMetrics().get(set.metricKey());
                        s.append(' ').append(v == null ? "-" : f4(v)).append(" | ");
                        Figure b = figure(baselineRuns, set);
                        s.append(v == null || b == null ? "" : signed(v - b.mean()))
                                .append(" |");
                    }
                    s.append(" 0 | - | - |\n");
                });
        for (Variant v : variants) {
            List<CellResult> runs = byVariant.getOrDefault(v.id(), List.of());
            long done = runs.stream().filter(CellResult::done).count();
            s.append("| ")
                    .append(v.isBaseline() ? "**baseline**" : v.label())
                    .append(" | ")
                    .append(v.changes())
                    .append(" | ")
                    .append(done)
                    .append('/')
                    .append(runs.size())
                    .append(" |");
            for (EvalSet set : sets) {
                Figure f = figure(runs, set);
                Figure b = figure(baselineRuns, set);
                s.append(' ')
                        .append(
                                f == null
                                        ? "-"
                                        : f.n() == 1
                                                ? f4(f.mean())
                                                : f4(f.mean()) + " (" + f4(f.min()) + "–" + f4(f.max()) + ")")
                        .append(" | ");
                s.append(v.isBaseline() || f == null || b == null ? "-" : signed(f.mean() - b.mean()))
                        .append(" |");
            }
            OptionalDouble wall = runs.stream()
                    .filter(CellResult::done)
                    .mapToDouble(CellResult::wallTotal)
                    .average();
            String pairs = runs.stream()
                    .filter(CellResult::done)
                    .findFirst()
                    .or(() -> runs.stream().findFirst())
                    .map(r -> String.format(Locale.ROOT, "%,d", r.pairsTotal()))
                    .orElse("-");
            OptionalDouble share = runs.stream()
                    .filter(CellResult::done)
                    .mapToDouble(CellResult::evaluationShare)
                    .filter(x -> !Double.isNaN(x))
                    .average();
            s.append(' ')
                    .append(pairs)
                    .append(" | ")
                    .append(wall.isPresent() ? duration(wall.getAsDouble()) : "-")
                    .append(" | ")
                    .append(share.isPresent() ? String.format(Locale.ROOT, "%.0f%%", 100 * share.getAsDouble()) : "-")
                    .append(" |\n");
        }
        List<CellResult> failed =
                results.stream().filter(r -> r.status().equals("failed")).toList();
        if (!failed.isEmpty()) {
            s.append("\n## Failed runs\n\n");
            failed.forEach(r -> s.append("- ")
                    .append(r.cell())
                    .append(": ")
                    .append(r.failedStage())
                    .append(" failed; log: ")
                    .append(r.log())
                    .append('\n'));
        }
        List<CellResult> notRun =
                results.stream().filter(r -> r.status().equals("not-run")).toList();
        if (!notRun.isEmpty()) {
            s.append("\n## Not run yet\n\n");
            notRun.forEach(r -> s.append("- ").append(r.cell()).append('\n'));
        }
        return s.toString();
    }

    /** One JSON object per line, one line per cell run. */
    public static String jsonl(List<CellResult> results, List<EvalSet> sets) {
        StringBuilder s = new StringBuilder();
        for (CellResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", r.cell());
            m.put("variant", r.variant());
            m.put("label", r.label());
            m.put("changes", r.changes());
            m.put("seed", r.seed());
            m.put("stages", r.stages());
            m.put("status", r.status());
            if (r.failedStage() != null) {
                m.put("failed_stage", r.failedStage());
            }
            m.put("log", r.log());
            m.put("steps", r.steps());
            m.put("pairs", r.pairs());
            m.put("pairs_total", r.pairsTotal());
            m.put("wall_seconds", r.wallSeconds());
            m.put("evaluation_seconds", r.evaluationSeconds());
            m.put("training_seconds", r.trainingSeconds());
            if (!Double.isNaN(r.evaluationShare())) {
                m.put("evaluation_share", r.evaluationShare());
            }
            Map<String, Double> primary = new LinkedHashMap<>();
            for (EvalSet set : sets) {
                Double v = r.metrics().get(set.metricKey());
                if (v != null) {
                    primary.put(set.metricKey(), v);
                }
            }
            m.put("primary", primary);
            m.put("metrics", r.metrics());
            m.put("start_metrics", r.startMetrics());
            try {
                s.append(JSON.writeValueAsString(m)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s.toString();
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
