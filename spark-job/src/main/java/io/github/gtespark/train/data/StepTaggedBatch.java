package io.github.gtespark.train.data;

import io.github.gtespark.device.NativeVariantSelection;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One effective training batch ({@link org.nd4j.linalg.dataset.MultiDataSet} in the layout of
 * docs/dev/contracts.md) tagged with where it sits in the run: the global step it must be applied at, the worker
 * slot that applies it and the shard batch it came from.
 *
 * <p>The tag travels with the data through dl4j-spark: with exactly {@code batchSizePerWorker} examples per RDD
 * element the worker's {@code IteratorMultiDataSetIterator} hands over the very object, so the worker reads the
 * step from it instead of counting minibatches (which would break on task retries or reordering).
 */
public class StepTaggedBatch extends org.nd4j.linalg.dataset.MultiDataSet {

    private static final long serialVersionUID = 1L;

    static {
        NativeVariantSelection.selectForThisJvm();
    } // executors: choose the ND4J native build before its first use here

    private long globalStep;
    private int workerSlot;
    private long batchId;

    /** For serialization only. */
    public StepTaggedBatch() {}

    public StepTaggedBatch(
            INDArray[] features,
            INDArray[] labels,
            INDArray[] featuresMasks,
            long globalStep,
            int workerSlot,
            long batchId) {
        super(features, labels, featuresMasks, null);
        this.globalStep = globalStep;
        this.workerSlot = workerSlot;
        this.batchId = batchId;
    }

    /** True when the batch carries gold pair scores: labels[1], read as {@code ContrastiveBatch.fromMultiDataSet} does. */
    public boolean scored() {
        INDArray[] labels = getLabels();
        return labels != null && labels.length > 1 && labels[1] != null;
    }

    public long globalStep() {
        return globalStep;
    }

    public int workerSlot() {
        return workerSlot;
    }

    public long batchId() {
        return batchId;
    }
}
