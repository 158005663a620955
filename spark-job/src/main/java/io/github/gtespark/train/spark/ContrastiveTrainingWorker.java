package io.github.gtespark.train.spark;

import io.github.gtespark.device.TaskDeviceBinding;
import io.github.gtespark.train.data.StepTaggedBatch;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dl4j-spark parameter-averaging worker with its {@code graph.fit(batch)} replaced by a {@link TrainingStep}
 * (the gradient-cached contrastive step): each minibatch is a {@link StepTaggedBatch} whose tag gives the global
 * step for the learning-rate schedule, Adam bias correction and dropout seeds.
 *
 * <p>Everything else is dl4j-spark's: the worker graph is rebuilt from the broadcast parameters and updater
 * state, and after its last minibatch of the round it returns parameters and (with {@code saveUpdater}) updater
 * state for averaging. A step with a non-finite loss or gradient ends the worker's round at once; the driver sees
 * the record and stops the stage before anything is checkpointed.
 */
public class ContrastiveTrainingWorker extends ParameterAveragingTrainingWorker {

    private static final long serialVersionUID = 1L;

    private final TrainingStep step;
    private final CollectionAccumulator<StepRecord> records;

    public ContrastiveTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater,
                                     WorkerConfiguration configuration, TrainingStep step,
                                     CollectionAccumulator<StepRecord> records) {
        super(broadcast, saveUpdater, configuration, null, null, null);
        this.step = step;
        this.records = records;
    }

    /**
     * Binds this task's ND4J device to the GPU Spark assigned it (a no-op on the CPU backend) before the worker
     * allocates any array for its copy of the graph.
     */
    @Override
    public ComputationGraph getInitialModelGraph() {
        TaskDeviceBinding.bindCurrentTask();
        return super.getInitialModelGraph();
    }

    @Override
    public ParameterAveragingTrainingResult processMinibatch(MultiDataSet batch, ComputationGraph graph, boolean isLast) {
        if (!(batch instanceof StepTaggedBatch tagged)) {
            throw new IllegalStateException("the contrastive worker needs StepTaggedBatch minibatches, got "
                    + batch.getClass().getName() + " (was the RDD element re-batched? each element must hold exactly "
                    + "batchSizePerWorker pairs)");
        }
        long start = System.nanoTime();
        StepResult result = step.apply(graph, tagged, tagged.globalStep());
        Nd4j.getExecutioner().commit();
        StepRecord record = new StepRecord(tagged.globalStep(), tagged.workerSlot(), tagged.batchId(), result.loss(),
                result.gradientNorm(), result.learningRate(), result.pairs(), System.nanoTime() - start);
        records.add(record);
        graph.setScore(result.loss());
        if (isLast || !record.finite()) {
            return getFinalResult(graph);
        }
        return null;
    }
}
