package io.github.gtespark.train.spark;

import io.github.gtespark.device.DeviceBinding;
import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.device.TaskDeviceBinding;
import io.github.gtespark.model.layers.ReleasableWorkingMemory;
import io.github.gtespark.train.data.StepTaggedBatch;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.TaskFailureListener;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dl4j-spark parameter-averaging worker with its {@code graph.fit(batch)} replaced by a {@link TrainingStep}
 * (the gradient-cached contrastive step): each minibatch is a {@link StepTaggedBatch} whose tag gives the global
 * step for the learning-rate schedule, Adam bias correction and dropout seeds.
 *
 * <p>At the start of its task the worker gets its graph from the round's {@link ModelBroadcast}: with graph reuse
 * (the default) it leases a graph of the same configuration and devices from this executor's
 * {@link WorkerGraphPool} and assigns the broadcast parameters and updater state to it (building one only when none
 * is idle), otherwise it builds a new graph as dl4j-spark does. After its last minibatch of the round the worker
 * returns the graph's parameters and updater state (not copies) for averaging; a leased graph goes with them
 * ({@link LeasedTrainingResult}) and returns to the pool only once the task's {@link AveragingSum} has been
 * serialised, which Spark does after the task has ended. A task that fails drops its graph; one that ends without
 * a result returns it at once. A step with a non-finite loss or gradient ends the worker's round at once; the
 * driver sees the record and stops the stage before anything is checkpointed.
 *
 * <p>Spark deserialises a fresh instance of this worker for every task, so its per-task fields are not shared.
 */
public class ContrastiveTrainingWorker extends ParameterAveragingTrainingWorker {

    private static final long serialVersionUID = 2L;

    static {
        NativeVariantSelection.selectForThisJvm();
    } // executors: choose the ND4J native build before its first use here

    private final Broadcast<ModelBroadcast> model;
    private final boolean saveUpdater;
    private final boolean reuseGraphs;
    private final TrainingStep step;
    private final CollectionAccumulator<StepRecord> records;
    private final CollectionAccumulator<WorkerSyncRecord> syncRecords;

    private transient WorkerGraphPool.Lease lease;
    private transient long broadcastReadNanos;
    private transient long prepareNanos;

    public ContrastiveTrainingWorker(
            Broadcast<ModelBroadcast> model,
            boolean saveUpdater,
            boolean reuseGraphs,
            WorkerConfiguration configuration,
            TrainingStep step,
            CollectionAccumulator<StepRecord> records,
            CollectionAccumulator<WorkerSyncRecord> syncRecords) {
        super(null, saveUpdater, configuration, null, null, null);
        this.model = model;
        this.saveUpdater = saveUpdater;
        this.reuseGraphs = reuseGraphs;
        this.step = step;
        this.records = records;
        this.syncRecords = syncRecords;
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        throw new UnsupportedOperationException("the contrastive worker trains ComputationGraphs only");
    }

    /**
     * Binds this task's ND4J device to the GPU Spark assigned it (a no-op on the CPU backend) before the worker
     * touches any array, then leases and assigns, or builds, the task's graph (see the class comment).
     */
    @Override
    public ComputationGraph getInitialModelGraph() {
        DeviceBinding binding = TaskDeviceBinding.bindCurrentTask();
        long start = System.nanoTime();
        ModelBroadcast m = model.getValue();
        broadcastReadNanos = System.nanoTime() - start;
        TaskContext task = TaskContext.get();
        ComputationGraph graph;
        if (reuseGraphs && task != null && m.hasUpdaterState()) {
            WorkerGraphPool.Lease l = WorkerGraphPool.shared()
                    .acquire(new WorkerGraphPool.Key(m.configurationKey(), binding.gpuAddresses()), m::build);
            lease = l;
            task.addTaskFailureListener((TaskFailureListener) (context, error) -> l.discard());
            task.addTaskCompletionListener((TaskCompletionListener) context -> l.closeUnlessHandedOff());
            graph = l.graph();
            if (l.reused()) {
                m.assignTo(graph);
            }
        } else {
            graph = m.build();
        }
        prepareNanos = System.nanoTime() - start;
        return graph;
    }

    @Override
    public ParameterAveragingTrainingResult processMinibatch(
            MultiDataSet batch, ComputationGraph graph, boolean isLast) {
        if (!(batch instanceof StepTaggedBatch tagged)) {
            throw new IllegalStateException("the contrastive worker needs StepTaggedBatch minibatches, got "
                    + batch.getClass().getName() + " (was the RDD element re-batched? each element must hold exactly "
                    + "batchSizePerWorker pairs)");
        }
        long start = System.nanoTime();
        StepResult result = step.apply(graph, tagged, tagged.globalStep());
        Nd4j.getExecutioner().commit();
        StepRecord record = new StepRecord(
                tagged.globalStep(),
                tagged.workerSlot(),
                tagged.batchId(),
                tagged.scored(),
                result.loss(),
                result.gradientNorm(),
                result.learningRate(),
                result.pairs(),
                System.nanoTime() - start);
        records.add(record);
        graph.setScore(result.loss());
        if (isLast || !record.finite()) {
            return getFinalResult(graph);
        }
        return null;
    }

    @Override
    public ParameterAveragingTrainingResult getFinalResult(ComputationGraph graph) {
        long start = System.nanoTime();
        // the round's training is over: the layers' reusable working memory (the BERT blocks' kept-state arenas,
        // hundreds of MB at chunk 16 and L=128) is not needed while results are serialised and the graph waits
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer instanceof ReleasableWorkingMemory releasable) {
                releasable.releaseWorkingMemory();
            }
        }
        INDArray params = graph.params();
        INDArray state =
                saveUpdater && graph.getUpdater() != null ? graph.getUpdater().getStateViewArray() : null;
        Nd4j.getExecutioner().commit();
        ParameterAveragingTrainingResult result = lease == null
                ? new ParameterAveragingTrainingResult(params, state, graph.score(), null, null, null)
                : new LeasedTrainingResult(params, state, graph.score(), lease);
        TaskContext task = TaskContext.get();
        syncRecords.add(new WorkerSyncRecord(
                task == null ? -1 : task.partitionId(),
                lease != null && lease.reused(),
                broadcastReadNanos,
                prepareNanos,
                System.nanoTime() - start));
        return result;
    }
}
