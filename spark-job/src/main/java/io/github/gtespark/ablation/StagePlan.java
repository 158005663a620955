package io.github.gtespark.ablation;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;

/**
 * One stage of one cell, fully resolved.
 *
 * @param corpusId     the shared corpus's id ({@code <stage>-<hash of its settings>}): equal settings, one corpus
 * @param corpusConf   the prepare-corpus configuration (without defaults), output and base-dir set
 * @param corpusDir    {@code DIR/corpora/<corpusId>}; the shards are in {@code corpus/} below it
 * @param stageConf    the training-stage configuration (without defaults), every managed key set
 * @param runDir       the stage's output.uri
 * @param dataPaths    local input files the stage needs (corpus sources, evaluation sets): checked before any run
 */
public record StagePlan(
        String stage,
        String corpusId,
        Config corpusConf,
        Path corpusDir,
        Config stageConf,
        Path runDir,
        int batch,
        int workers,
        long steps,
        long pairsSeen,
        long warmupSteps,
        List<String> dataPaths) {

    public Path corpusOutput() {
        return corpusDir.resolve("corpus");
    }
}
