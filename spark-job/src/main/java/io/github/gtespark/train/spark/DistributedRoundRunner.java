package io.github.gtespark.train.spark;

import io.github.gtespark.train.data.ShardBatchSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs averaging rounds: reads the round's batches ({@link ShardBatchSource}), trains them on the workers through
 * {@link SparkComputationGraph#fitMultiDataSet} with a {@link ContrastiveTrainingMaster} (parameters and updater
 * state averaged at the end of the round, written into the driver's graph) and collects the step records and the
 * round's {@link SyncTimings} (logged at INFO, one line per round).
 */
public final class DistributedRoundRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedRoundRunner.class);

    private final SparkComputationGraph sparkGraph;
    private final ContrastiveTrainingMaster master;
    private final ShardBatchSource source;

    public DistributedRoundRunner(
            SparkComputationGraph sparkGraph, ContrastiveTrainingMaster master, ShardBatchSource source) {
        this.sparkGraph = sparkGraph;
        this.master = master;
        this.source = source;
    }

    public SparkComputationGraph sparkGraph() {
        return sparkGraph;
    }

    /** Global steps {@code firstStep .. firstStep+steps-1} on every worker slot, then one averaging. */
    public RoundResult run(long firstStep, int steps) {
        long start = System.nanoTime();
        CollectionAccumulator<StepRecord> records =
                sparkGraph.getSparkContext().sc().collectionAccumulator("contrastive-steps-" + firstStep);
        CollectionAccumulator<WorkerSyncRecord> sync =
                sparkGraph.getSparkContext().sc().collectionAccumulator("contrastive-sync-" + firstStep);
        master.setRecords(records, sync);
        JavaRDD<MultiDataSet> data = source.round(firstStep, steps).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long dataNanos;
        try {
            // materialise the round's batches first: the data time is reported apart
            long batches = data.count();
            dataNanos = System.nanoTime() - start;
            int workers = master.getNumWorkers();
            if (batches > (long) steps * workers) {
                throw new IllegalStateException("round at step " + firstStep + " has " + batches
                        + " batches, more than " + steps + " steps x " + workers + " workers");
            }
            sparkGraph.fitMultiDataSet(data);
        } finally {
            data.unpersist(false);
            master.releaseBroadcast();
        }
        // a re-executed task may report twice: keep one record per (step, slot)
        Map<String, StepRecord> unique = new LinkedHashMap<>();
        for (StepRecord r : records.value()) {
            unique.put(r.globalStep() + "/" + r.workerSlot(), r);
        }
        List<StepRecord> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparingLong(StepRecord::globalStep).thenComparingInt(StepRecord::workerSlot));
        Map<Integer, WorkerSyncRecord> perSlot = new java.util.TreeMap<>();
        for (WorkerSyncRecord r : sync.value()) {
            perSlot.put(r.workerSlot(), r);
        }
        SyncTimings timings = master.lastSyncTimings(new ArrayList<>(perSlot.values()));
        RoundResult result = new RoundResult(firstStep, steps, sorted, System.nanoTime() - start, dataNanos, timings);
        LOG.info(
                "round at step {}: {} s wall, {} s data, {} s slowest-worker compute; synchronisation: broadcast {} s "
                        + "({} MB), broadcast read max {} s, worker graph prepare max {} s ({}/{} reused), result build "
                        + "max {} s, training job {} s, averaging {} s",
                firstStep,
                seconds(result.wallNanos()),
                seconds(dataNanos),
                seconds(result.computeNanos()),
                seconds(timings.broadcastNanos()),
                String.format(java.util.Locale.ROOT, "%.1f", timings.broadcastBytes() / 1e6),
                seconds(timings.maxBroadcastReadNanos()),
                seconds(timings.maxPrepareNanos()),
                timings.reusedGraphs(),
                timings.workers().size(),
                seconds(timings.maxResultNanos()),
                seconds(timings.trainingJobNanos()),
                seconds(timings.averagingNanos()));
        return result;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
