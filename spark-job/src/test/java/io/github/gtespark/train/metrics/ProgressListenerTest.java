package io.github.gtespark.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.train.StageProgress;
import io.github.gtespark.train.spark.RoundResult;
import io.github.gtespark.train.spark.StepRecord;
import io.github.gtespark.train.spark.SyncTimings;
import io.github.gtespark.train.spark.WorkerSyncRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressListenerTest {

    @TempDir
    Path tmp;

    private static StepRecord step(long step, boolean scored, double loss) {
        return new StepRecord(step, 0, step, scored, loss, 1.0, 1e-5, 16, 1_000_000L);
    }

    private static StageProgress after(RoundResult round) {
        return new StageProgress("finetune", round.firstStep() + round.steps() - 1, 100, null, round, 1.0);
    }

    private Map<String, Object> trainLine(boolean routedByScore, List<StepRecord> records) throws Exception {
        MetricsLog log = MetricsLog.create(
                tmp.resolve("run-" + routedByScore + records.size()).toUri().toString(), new Configuration());
        new ProgressListener(log, "infonce+scored:cosent", routedByScore)
                .onRoundEnd(after(new RoundResult(1, records.size(), records, 1_000_000_000L, 0L, null)));
        List<Map<String, Object>> lines = MetricsLog.read(log.fileUri(), new Configuration());
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    @Test
    void aStageWithTwoLossesReportsEachKindsMeanBesideTheMixedMean() throws Exception {
        Map<String, Object> line = trainLine(
                true, List.of(step(1, true, 4.0), step(2, false, 1.0), step(3, true, 3.0), step(4, false, 0.5)));
        assertEquals(2.125, ((Number) line.get("loss")).doubleValue(), 1e-12);
        assertEquals(3.5, ((Number) line.get("loss_scored")).doubleValue(), 1e-12);
        assertEquals(0.75, ((Number) line.get("loss_unscored")).doubleValue(), 1e-12);
    }

    @Test
    void aKindTheRoundHadNoBatchOfIsLeftOut() throws Exception {
        Map<String, Object> line = trainLine(true, List.of(step(1, false, 1.0), step(2, false, 2.0)));
        assertEquals(1.5, ((Number) line.get("loss_unscored")).doubleValue(), 1e-12);
        assertFalse(line.containsKey("loss_scored"), line.toString());
    }

    @Test
    void aStageWithOneLossWritesOnlyTheMean() throws Exception {
        Map<String, Object> line = trainLine(false, List.of(step(1, true, 4.0), step(2, true, 2.0)));
        assertEquals(3.0, ((Number) line.get("loss")).doubleValue(), 1e-12);
        assertTrue(!line.containsKey("loss_scored") && !line.containsKey("loss_unscored"), line.toString());
    }

    @Test
    void theRoundsSynchronisationIsItemisedInTheTrainLine() throws Exception {
        SyncTimings sync = new SyncTimings(
                250_000_000L,
                90_000_000L,
                3_000_000_000L,
                40_000_000L,
                List.of(
                        new WorkerSyncRecord(0, false, 700_000_000L, 900_000_000L, 5_000_000L),
                        new WorkerSyncRecord(1, true, 0L, 100_000_000L, 8_000_000L)));
        List<StepRecord> records = List.of(step(1, false, 1.0));
        MetricsLog log = MetricsLog.create(tmp.resolve("run-sync").toUri().toString(), new Configuration());
        new ProgressListener(log, "improved(qq,dq,dd)", false)
                .onRoundEnd(after(new RoundResult(1, 1, records, 4_000_000_000L, 0L, sync)));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>)
                MetricsLog.read(log.fileUri(), new Configuration()).get(0).get("sync");
        assertEquals(0.25, ((Number) m.get("broadcast_seconds")).doubleValue(), 1e-12);
        assertEquals(90_000_000L, ((Number) m.get("broadcast_bytes")).longValue());
        assertEquals(0.7, ((Number) m.get("broadcast_read_max_seconds")).doubleValue(), 1e-12);
        assertEquals(0.9, ((Number) m.get("worker_prepare_max_seconds")).doubleValue(), 1e-12);
        assertEquals(1, ((Number) m.get("worker_graphs_reused")).intValue());
        assertEquals(2, ((Number) m.get("workers")).intValue());
        assertEquals(0.008, ((Number) m.get("result_build_max_seconds")).doubleValue(), 1e-12);
        assertEquals(3.0, ((Number) m.get("training_job_seconds")).doubleValue(), 1e-12);
        assertEquals(0.04, ((Number) m.get("averaging_seconds")).doubleValue(), 1e-12);
    }

    @Test
    void aRoundWithoutSynchronisationRecordsHasNoSyncObject() throws Exception {
        assertFalse(trainLine(false, List.of(step(1, false, 1.0))).containsKey("sync"));
    }
}
