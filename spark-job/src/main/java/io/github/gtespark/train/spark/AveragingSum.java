package io.github.gtespark.train.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running sum of the workers' parameters, updater states and scores in an averaging round
 * (dl4j-spark's {@code ParameterAveragingAggregationTuple}, with the arrays in {@link BulkSerializedArray}s so that
 * the task results reach the driver without ND4J's element-by-element serialisation). Sums are built in place in
 * the first result's arrays.
 *
 * <p>A sum knows the range of RDD partitions (workers) it covers ({@link #firstPartition()} ..
 * {@link #lastPartition()}, -1 when not set). {@link PartitionOrderedSum} adds partition sums only with
 * {@link #combineInOrder}, which refuses a sum that does not come after the running one: float addition is not
 * associative, so the averaged parameters are a fixed function of the workers' values only if the order of the
 * additions is fixed, and the ranges check that it is the partition order.
 *
 * <p>When those arrays belong to a pooled worker graph ({@link LeasedTrainingResult}), the sum holds the graph's
 * lease and closes it right after the sum has been serialised (Java or Kryo): Spark serialises a task's result (or
 * the block it stores) after the worker has returned it, and until then no other task may get the graph. A sum that
 * is never serialised never returns its graphs to the pool (they are dropped), which is safe.
 */
public final class AveragingSum implements Serializable, KryoSerializable {

    @Serial
    private static final long serialVersionUID = 2L;

    private BulkSerializedArray parameters;
    private BulkSerializedArray updaterState;
    private double scoreSum;
    private int count;
    private int firstPartition = -1;
    private int lastPartition = -1;
    private transient List<WorkerGraphPool.Lease> leases = new ArrayList<>();

    /** For Kryo. */
    private AveragingSum() {}

    private AveragingSum(ParameterAveragingTrainingResult result) {
        this.parameters = new BulkSerializedArray(result.getParameters());
        this.updaterState = result.getUpdaterState() == null ? null : new BulkSerializedArray(result.getUpdaterState());
        this.scoreSum = result.getScore();
        this.count = 1;
        if (result instanceof LeasedTrainingResult leased && leased.lease() != null) {
            leases.add(leased.lease());
        }
    }

    /** Aggregation step on a worker: adds one task result ({@code sum} may be null; results without data are skipped). */
    public static AveragingSum add(AveragingSum sum, ParameterAveragingTrainingResult result) {
        if (result.getParameters() == null) {
            return sum;
        }
        return combine(sum, new AveragingSum(result));
    }

    /** Combines two partial sums (either may be null); returns {@code a} with {@code b} added into it. */
    public static AveragingSum combine(AveragingSum a, AveragingSum b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if ((a.updaterState == null) != (b.updaterState == null)) {
            throw new IllegalStateException("some workers returned updater state and some did not");
        }
        a.parameters.get().addi(b.parameters.get());
        if (a.updaterState != null) {
            a.updaterState.get().addi(b.updaterState.get());
        }
        a.scoreSum += b.scoreSum;
        a.count += b.count;
        a.leases.addAll(b.leases);
        return a;
    }

    /** Marks this sum as the sum of partition {@code index}'s results; returns it. */
    public AveragingSum ofPartition(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("partition index " + index);
        }
        firstPartition = index;
        lastPartition = index;
        return this;
    }

    /**
     * {@code sum + next}, added into {@code sum}'s arrays ({@code sum} may be null: returns {@code next}), where
     * {@code next} covers partitions after all of {@code sum}'s. {@code next}'s arrays are freed afterwards: it must
     * be a sum that nothing else refers to (deserialised, not a worker graph's arrays).
     *
     * @throws IllegalStateException if either has no partition range or {@code next} does not come after {@code sum}
     */
    public static AveragingSum combineInOrder(AveragingSum sum, AveragingSum next) {
        if (next.firstPartition < 0 || (sum != null && sum.firstPartition < 0)) {
            throw new IllegalStateException("a partial sum without its partition range");
        }
        if (sum == null) {
            return next;
        }
        if (next.firstPartition <= sum.lastPartition) {
            throw new IllegalStateException("partition sums out of partition order: partitions " + next.firstPartition
                    + ".." + next.lastPartition + " after " + sum.firstPartition + ".." + sum.lastPartition);
        }
        if (!next.leases.isEmpty()) {
            throw new IllegalStateException("combineInOrder frees the added sum's arrays: not a worker graph's");
        }
        combine(sum, next);
        sum.lastPartition = next.lastPartition;
        next.free();
        return sum;
    }

    /** First partition (worker) this sum covers, -1 if not set. */
    public int firstPartition() {
        return firstPartition;
    }

    /** Last partition (worker) this sum covers, -1 if not set. */
    public int lastPartition() {
        return lastPartition;
    }

    /** Frees the native memory of this sum's arrays now rather than when they are garbage collected. */
    private void free() {
        for (BulkSerializedArray a : new BulkSerializedArray[] {parameters, updaterState}) {
            if (a != null && a.get().closeable()) {
                a.get().close();
            }
        }
        parameters = null;
        updaterState = null;
    }

    public INDArray parametersSum() {
        return parameters.get();
    }

    /** Null if the workers returned no updater state. */
    public INDArray updaterStateSum() {
        return updaterState == null ? null : updaterState.get();
    }

    public double scoreSum() {
        return scoreSum;
    }

    /** Number of worker results summed. */
    public int count() {
        return count;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        releaseGraphs();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        leases = new ArrayList<>();
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, parameters);
        kryo.writeObjectOrNull(output, updaterState, BulkSerializedArray.class);
        output.writeDouble(scoreSum);
        output.writeInt(count);
        output.writeInt(firstPartition);
        output.writeInt(lastPartition);
        releaseGraphs();
    }

    @Override
    public void read(Kryo kryo, Input input) {
        parameters = kryo.readObject(input, BulkSerializedArray.class);
        updaterState = kryo.readObjectOrNull(input, BulkSerializedArray.class);
        scoreSum = input.readDouble();
        count = input.readInt();
        firstPartition = input.readInt();
        lastPartition = input.readInt();
        leases = new ArrayList<>();
    }

    /** Returns the pooled graphs whose arrays this sum was built in (they have been written out). */
    private void releaseGraphs() {
        for (WorkerGraphPool.Lease lease : leases) {
            lease.close();
        }
        leases.clear();
    }
}
