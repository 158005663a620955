package io.github.gtespark.ablation;

import java.util.List;
import java.util.Map;

/**
 * What one cell run gave: its settings, status and figures. One line of ablation.jsonl.
 *
 * @param status       done | failed | not-run
 * @param log          the failed step's log (failed), else the last stage's log
 * @param steps        per stage
 * @param pairs        pairs seen per stage (steps x batch x workers)
 * @param wallSeconds  per stage, training only (corpus preparation is shared and reported apart)
 * @param metrics      the final evaluation ({@code SET/METRIC} keys), empty unless done
 * @param startMetrics the start model's evaluation (the first stage's baseline line)
 * @param evaluationSeconds in-training evaluation, summed over the stages ({@code eval_cost} lines of their
 *                     metrics.jsonl; 0 when absent)
 * @param trainingSeconds training without evaluation, summed over the same stages (0 when absent)
 */
public record CellResult(
        String cell,
        String variant,
        String label,
        Map<String, String> changes,
        long seed,
        List<String> stages,
        String status,
        String failedStage,
        String log,
        Map<String, Long> steps,
        Map<String, Long> pairs,
        Map<String, Double> wallSeconds,
        Map<String, Double> metrics,
        Map<String, Double> startMetrics,
        double evaluationSeconds,
        double trainingSeconds) {

    public boolean done() {
        return status.equals("done");
    }

    public long pairsTotal() {
        return pairs.values().stream().mapToLong(Long::longValue).sum();
    }

    public double wallTotal() {
        return wallSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Evaluation's share of training plus evaluation; NaN when the stages recorded no cost. */
    public double evaluationShare() {
        double total = evaluationSeconds + trainingSeconds;
        return total > 0 ? evaluationSeconds / total : Double.NaN;
    }

    /** This result with the evaluation cost its stages recorded. */
    public CellResult withEvaluationCost(double evaluation, double training) {
        return new CellResult(
                cell,
                variant,
                label,
                changes,
                seed,
                stages,
                status,
                failedStage,
                log,
                steps,
                pairs,
                wallSeconds,
                metrics,
                startMetrics,
                evaluation,
                training);
    }
}
