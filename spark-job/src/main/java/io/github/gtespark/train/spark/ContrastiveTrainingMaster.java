package io.github.gtespark.train.spark;

import io.github.gtespark.train.step.TrainingStep;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * dl4j-spark's {@link ParameterAveragingTrainingMaster} set up for contrastive training: one RDD element is one
 * effective batch of N pairs ({@code batchSizePerWorker = rddDataSetNumExamples = N}), parameters <em>and</em>
 * optimizer state are averaged after every round ({@code saveUpdater}), the RDD is used as given (no export, no
 * repartitioning: {@link io.github.gtespark.train.data.ShardBatchSource} already lays out one partition per
 * worker with its batches in step order, no persistence by the master), and the workers are
 * {@link ContrastiveTrainingWorker}s that apply a {@link TrainingStep}.
 *
 * <p>Call {@link #setRecords} before each round with a fresh accumulator; the driver reads the round's
 * {@link StepRecord}s from it afterwards.
 */
public class ContrastiveTrainingMaster extends ParameterAveragingTrainingMaster {

    private static final long serialVersionUID = 1L;

    private final TrainingStep step;
    private transient CollectionAccumulator<StepRecord> records;
    private transient Broadcast<NetBroadcastTuple> lastBroadcast;

    public ContrastiveTrainingMaster(int workers, int batchSize, int averagingFrequency, TrainingStep step) {
        super(true, workers, batchSize, batchSize, averagingFrequency, 2, 0, Repartition.Never,
                RepartitionStrategy.Balanced, null, false);
        this.step = step;
        this.rddTrainingApproach = RDDTrainingApproach.Direct;
    }

    public void setRecords(CollectionAccumulator<StepRecord> records) {
        this.records = records;
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph sparkGraph) {
        if (records == null) {
            throw new IllegalStateException("setRecords(accumulator) must be called before training");
        }
        ComputationGraph graph = sparkGraph.getNetwork();
        NetBroadcastTuple tuple = new NetBroadcastTuple(graph.getConfiguration(), graph.params(),
                graph.getUpdater().getStateViewArray());
        releaseBroadcast();
        Broadcast<NetBroadcastTuple> broadcast = sparkGraph.getSparkContext().broadcast(tuple);
        lastBroadcast = broadcast;
        WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, false);
        return new ContrastiveTrainingWorker(broadcast, saveUpdater, configuration, step, records);
    }

    /** Frees the previous round's broadcast of parameters and updater state (dl4j-spark keeps them otherwise). */
    public void releaseBroadcast() {
        if (lastBroadcast != null) {
            lastBroadcast.destroy();
            lastBroadcast = null;
        }
    }
}
