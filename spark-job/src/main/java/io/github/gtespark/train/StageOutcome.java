package io.github.gtespark.train;

import java.util.Map;

/**
 * What a finished stage produced.
 *
 * @param runDirUri     the run directory (output.uri)
 * @param steps         global steps completed
 * @param checkpointUri the final checkpoint
 * @param modelDirUri   the exported model directory (null without an exporter)
 * @param chartUri      the PNG chart
 * @param metricsUri    the metrics file
 * @param finalMetrics  the last evaluation (empty without an evaluator)
 */
public record StageOutcome(
        String runDirUri,
        long steps,
        String checkpointUri,
        String modelDirUri,
        String chartUri,
        String metricsUri,
        Map<String, Double> finalMetrics) {}
