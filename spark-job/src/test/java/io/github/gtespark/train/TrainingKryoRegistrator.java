package io.github.gtespark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.github.gtespark.train.spark.BulkSerializedArray;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the training path needs to run with {@code spark.serializer=org.apache.spark.serializer.KryoSerializer} at
 * all ({@link AveragingSyncBench}'s Kryo variant); the synchronisation's own arrays (broadcast, task results, partial
 * sums) are {@link BulkSerializedArray}s, which are Kryo-serialisable already, and are written as under Java
 * serialisation.
 *
 * <ul>
 *   <li>Plain {@link INDArray}s, written in {@code BulkSerializedArray}'s layout: dl4j-spark's
 *       {@code SparkComputationGraph} refuses Kryo otherwise (its check round-trips an INDArray, whose off-heap data
 *       Kryo's field serializer loses) unless {@code spark.kryo.registrator} names
 *       {@code org.nd4j.kryo.Nd4jRegistrator}, a class the published nd4j-kryo_2.12 1.0.0-M2 jar does not contain;
 *       and the round's batches ({@code StepTaggedBatch}), persisted serialised, hold plain INDArrays.
 *   <li>Java records through Java serialisation: Spark 3.5's Kryo 4 cannot build a field serializer for a record
 *       ({@code PairRow} in {@code ShardBatchSource}'s shuffle: "can't get field offset on a record class").
 * </ul>
 */
public final class TrainingKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(INDArray.class, new Serializer<INDArray>() {
            @Override
            public void write(Kryo k, Output output, INDArray array) {
                k.writeObject(output, new BulkSerializedArray(array));
            }

            @Override
            public INDArray read(Kryo k, Input input, Class<INDArray> type) {
                return k.readObject(input, BulkSerializedArray.class).get();
            }
        });
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
