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
 * The running sum of the workers' parameters, updater states and scores in an averaging round's tree aggregation
 * (dl4j-spark's {@code ParameterAveragingAggregationTuple}, with the arrays in {@link BulkSerializedArray}s so that
 * the task results reach the driver without ND4J's element-by-element serialisation). Sums are built in place in
 * the first result's arrays.
 *
 * <p>When those arrays belong to a pooled worker graph ({@link LeasedTrainingResult}), the sum holds the graph's
 * lease and closes it right after the sum has been serialised (Java or Kryo): Spark serialises a task's result after
 * the task has ended, and until then no other task may get the graph. A sum that is never serialised never returns
 * its graphs to the pool (they are dropped), which is safe.
 */
public final class AveragingSum implements Serializable, KryoSerializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private BulkSerializedArray parameters;
    private BulkSerializedArray updaterState;
    private double scoreSum;
    private int count;
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
        releaseGraphs();
    }

    @Override
    public void read(Kryo kryo, Input input) {
        parameters = kryo.readObject(input, BulkSerializedArray.class);
        updaterState = kryo.readObjectOrNull(input, BulkSerializedArray.class);
        scoreSum = input.readDouble();
        count = input.readInt();
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
