package io.github.gtespark.train.spark;

import io.github.gtespark.train.data.ShardBatchSource;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs averaging rounds: reads the round's batches ({@link ShardBatchSource}), trains them on the workers through
 * {@link SparkComputationGraph#fitMultiDataSet} with a {@link ContrastiveTrainingMaster} (parameters and updater
 * state averaged at the end of the round, written into the driver's graph) and collects the step records.
 */
public final class DistributedRoundRunner {

    private final SparkComputationGraph sparkGraph;
    private final ContrastiveTrainingMaster master;
    private final ShardBatchSource source;

    public DistributedRoundRunner(SparkComputationGraph sparkGraph, ContrastiveTrainingMaster master,
                                  ShardBatchSource source) {
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
        CollectionAccumulator<StepRecord> records = sparkGraph.getSparkContext().sc()
                .collectionAccumulator("contrastive-steps-" + firstStep);
        master.setRecords(records);
        JavaRDD<MultiDataSet> data = source.round(firstStep, steps).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long dataNanos;
        try {
            data.count(); // materialise the round's batches first: the data time is reported apart
            dataNanos = System.nanoTime() - start;
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
        return new RoundResult(firstStep, steps, sorted, System.nanoTime() - start, dataNanos);
    }
}
