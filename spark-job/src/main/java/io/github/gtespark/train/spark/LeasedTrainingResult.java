package io.github.gtespark.train.spark;

import java.io.Serial;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A worker's result whose parameter and updater-state arrays are those of a graph leased from the
 * {@link WorkerGraphPool} (no copy): {@link AveragingSum} takes over the lease and returns the graph to the pool only
 * after it has serialised the arrays, which Spark does after the task has ended.
 */
public final class LeasedTrainingResult extends ParameterAveragingTrainingResult {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient WorkerGraphPool.Lease lease;

    public LeasedTrainingResult(INDArray parameters, INDArray updaterState, double score, WorkerGraphPool.Lease lease) {
        super(parameters, updaterState, score, null, null, null);
        this.lease = lease;
        lease.handOff();
    }

    /** Null after deserialisation (the lease stays with the executor that holds the graph). */
    public WorkerGraphPool.Lease lease() {
        return lease;
    }
}
