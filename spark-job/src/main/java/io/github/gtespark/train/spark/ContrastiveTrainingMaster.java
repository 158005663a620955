package io.github.gtespark.train.spark;

import io.github.gtespark.train.step.TrainingStep;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockStatus;
import org.apache.spark.storage.BroadcastBlockId;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * dl4j-spark's {@link ParameterAveragingTrainingMaster} set up for contrastive training: one RDD element is one
 * effective batch of N pairs ({@code batchSizePerWorker = rddDataSetNumExamples = N}), parameters <em>and</em>
 * optimizer state are averaged after every round ({@code saveUpdater}), the RDD is used as given (no export, no
 * repartitioning, no count-and-split: {@link io.github.gtespark.train.data.ShardBatchSource} already lays out one
 * partition per worker with one round's batches in step order, no persistence by the master), and the workers are
 * {@link ContrastiveTrainingWorker}s that apply a {@link TrainingStep}.
 *
 * <p>Synchronisation differs from dl4j-spark's in four places: the broadcast is a {@link ModelBroadcast} and the
 * task results are {@link AveragingSum}s, both serialising their arrays in bulk ({@link BulkSerializedArray}); with
 * {@linkplain #setReuseWorkerGraphs graph reuse} on (the default), the workers keep their graphs between rounds in
 * each executor's {@link WorkerGraphPool}; and the results are added in partition order ({@link PartitionOrderedSum})
 * rather than in the order the tasks finish, so that the average is the same to the bit in every run with the same
 * workers' results (dl4j-spark's differs at most in the last bits of the float sums).
 *
 * <p>Call {@link #setRecords} before each round with fresh accumulators; the driver reads the round's
 * {@link StepRecord}s and {@link WorkerSyncRecord}s from them afterwards, and {@link #lastSyncTimings} for the
 * driver's part.
 */
public class ContrastiveTrainingMaster extends ParameterAveragingTrainingMaster {

    private static final long serialVersionUID = 2L;

    private final TrainingStep step;
    private boolean reuseWorkerGraphs = true;
    private transient CollectionAccumulator<StepRecord> records;
    private transient CollectionAccumulator<WorkerSyncRecord> syncRecords;
    private transient Broadcast<ModelBroadcast> lastBroadcast;
    private transient long broadcastNanos;
    private transient long broadcastBytes;
    private transient long trainingJobNanos;
    private transient long averagingNanos;

    public ContrastiveTrainingMaster(int workers, int batchSize, int averagingFrequency, TrainingStep step) {
        super(
                true,
                workers,
                batchSize,
                batchSize,
                averagingFrequency,
                2,
                0,
                Repartition.Never,
                RepartitionStrategy.Balanced,
                null,
                false);
        this.step = step;
        this.rddTrainingApproach = RDDTrainingApproach.Direct;
    }

    /**
     * Whether workers keep their graphs between rounds ({@link WorkerGraphPool}; default true) or build a new one
     * from the broadcast in every round (dl4j-spark's behaviour). Both give the same parameters.
     */
    public ContrastiveTrainingMaster setReuseWorkerGraphs(boolean reuse) {
        this.reuseWorkerGraphs = reuse;
        return this;
    }

    public boolean reuseWorkerGraphs() {
        return reuseWorkerGraphs;
    }

    public void setRecords(CollectionAccumulator<StepRecord> records, CollectionAccumulator<WorkerSyncRecord> sync) {
        this.records = records;
        this.syncRecords = sync;
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph sparkGraph) {
        if (records == null || syncRecords == null) {
            throw new IllegalStateException("setRecords(accumulators) must be called before training");
        }
        long start = System.nanoTime();
        ModelBroadcast payload = ModelBroadcast.of(sparkGraph.getNetwork());
        releaseBroadcast();
        Broadcast<ModelBroadcast> broadcast = sparkGraph.getSparkContext().broadcast(payload);
        lastBroadcast = broadcast;
        broadcastNanos = System.nanoTime() - start;
        broadcastBytes = storedBroadcastBytes(broadcast.id());
        WorkerConfiguration configuration = new WorkerConfiguration(
                true, rddDataSetNumExamples, batchSizePerWorker, averagingFrequency, prefetchNumBatches, false);
        return new ContrastiveTrainingWorker(
                broadcast, saveUpdater, reuseWorkerGraphs, configuration, step, records, syncRecords);
    }

    /**
     * One averaging round on the RDD as given. dl4j-spark would first count the RDD and split it into rounds of
     * {@code workers x averagingFrequency} elements at random; {@link DistributedRoundRunner} passes exactly one
     * round, already counted.
     */
    @Override
    protected void executeTrainingDirect(SparkComputationGraph graph, JavaRDD<MultiDataSet> trainingData) {
        doIteration(graph, trainingData, 1, 1);
    }

    /**
     * Sums the workers' parameters, updater states and scores ({@link AveragingSum}) in partition order, in a tree of
     * depth {@code aggregationDepth} ({@link PartitionOrderedSum}: the result does not depend on the order in which
     * the tasks finish, unlike dl4j-spark's {@code treeAggregate}), and writes their means into the driver's graph,
     * as dl4j-spark does; the iteration counter of the driver's configuration advances by
     * {@code averagingFrequency}. The training-job time reported includes the summation on the executors and the
     * transfer of the partial sums to the driver.
     */
    @Override
    protected void processResults(
            SparkDl4jMultiLayer network,
            SparkComputationGraph graph,
            JavaRDD<ParameterAveragingTrainingResult> results,
            int splitNum,
            int totalSplits) {
        if (graph == null) {
            throw new UnsupportedOperationException("the contrastive master trains ComputationGraphs only");
        }
        long start = System.nanoTime();
        AveragingSum sum = sumResults(results, aggregationDepth);
        long averagingStart = System.nanoTime();
        trainingJobNanos = averagingStart - start;
        if (sum == null) {
            throw new IllegalStateException("no worker returned parameters (the round's RDD was empty)");
        }
        ComputationGraph g = graph.getNetwork();
        INDArray params = sum.parametersSum().divi(sum.count());
        g.setParams(params);
        INDArray state = sum.updaterStateSum();
        if (state != null) {
            g.getUpdater().setStateViewArray(state.divi(sum.count()));
        }
        graph.setScore(sum.scoreSum() / sum.count());
        ComputationGraphConfiguration conf = g.getConfiguration();
        conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
        Nd4j.getExecutioner().commit();
        averagingNanos = System.nanoTime() - averagingStart;
    }

    /**
     * The sum of the workers' results ({@link AveragingSum}) in partition order ({@link PartitionOrderedSum}: the same
     * bits whatever order the tasks finish in), null if no worker returned parameters; runs the round's training job.
     */
    static AveragingSum sumResults(JavaRDD<ParameterAveragingTrainingResult> results, int depth) {
        return PartitionOrderedSum.sum(results, depth);
    }

    /** The driver's side of the last round's synchronisation, with the workers' records of that round. */
    public SyncTimings lastSyncTimings(java.util.List<WorkerSyncRecord> workers) {
        return new SyncTimings(broadcastNanos, broadcastBytes, trainingJobNanos, averagingNanos, workers);
    }

    /**
     * The bytes of broadcast {@code id} in the driver's block store: the pieces Spark's torrent broadcast cut the
     * serialised (and, with {@code spark.broadcast.compress}, compressed) value into, which the executors fetch. 0 when
     * no piece is found (a broadcast implementation without pieces).
     */
    static long storedBroadcastBytes(long id) {
        BlockManager blocks = SparkEnv.get().blockManager();
        long bytes = 0;
        for (int piece = 0; ; piece++) {
            Option<BlockStatus> status = blocks.getStatus(new BroadcastBlockId(id, "piece" + piece));
            if (status.isEmpty()) {
                return bytes;
            }
            bytes += status.get().memSize() + status.get().diskSize();
        }
    }

    /** Frees the previous round's broadcast of parameters and updater state (dl4j-spark keeps them otherwise). */
    public void releaseBroadcast() {
        if (lastBroadcast != null) {
            lastBroadcast.destroy();
            lastBroadcast = null;
        }
    }
}
