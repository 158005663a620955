package io.github.gtespark.train;

import java.util.Map;

/**
 * The pluggable parts of a stage: how to build the start encoder, the worker step, the exporter, the evaluator
 * (either may be null) and the files stored in every checkpoint to describe the encoder beyond its DL4J graph
 * (relative path to bytes). Production wiring: {@link ProductionComponents}.
 */
public record StageComponents(
        EncoderFactory encoders,
        TrainingStepFactory steps,
        ModelExporter exporter,
        ModelEvaluator evaluator,
        Map<String, byte[]> checkpointFiles) {

    public StageComponents(
            EncoderFactory encoders, TrainingStepFactory steps, ModelExporter exporter, ModelEvaluator evaluator) {
        this(encoders, steps, exporter, evaluator, Map.of());
    }
}
