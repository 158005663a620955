package io.github.gtespark.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

class AveragingSumTest {

    private static final ClassTag<AveragingSum> TAG = ClassTag$.MODULE$.apply(AveragingSum.class);

    private static ComputationGraph graph(long seed) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(0.1))
                .graphBuilder()
                .addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(3).nOut(4).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).build(), "d")
                .setOutputs("out")
                .build());
        g.init();
        g.getUpdater()
                .getStateViewArray()
                .assign(Nd4j.rand(
                        DataType.DOUBLE, g.getUpdater().getStateViewArray().shape()));
        return g;
    }

    @Test
    void sumsWorkersInPlaceAndSurvivesJavaAndKryoSerialisation() {
        ComputationGraph a = graph(1);
        ComputationGraph b = graph(2);
        INDArray expectedParams = a.params().add(b.params());
        INDArray expectedState =
                a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray());
        AveragingSum sum = AveragingSum.add(null, result(a, 1.0));
        sum = AveragingSum.add(sum, result(b, 3.0));
        sum = AveragingSum.add(sum, new ParameterAveragingTrainingResult(null, null, 0.0, null, null, null));
        assertEquals(2, sum.count(), "a result without data is skipped");
        for (SerializerInstance serializer : List.of(
                new JavaSerializer(new SparkConf()).newInstance(), new KryoSerializer(new SparkConf()).newInstance())) {
            AveragingSum back = serializer.deserialize(serializer.serialize(sum, TAG), TAG);
            assertTrue(
                    back.parametersSum().equalsWithEps(expectedParams, 0.0),
                    serializer.getClass().getSimpleName());
            assertTrue(back.updaterStateSum().equalsWithEps(expectedState, 0.0));
            assertEquals(4.0, back.scoreSum(), 0.0);
            assertEquals(2, back.count());
        }
    }

    @Test
    void partitionSumsAreAddedOnlyInPartitionOrderAndKeepTheirRangeThroughSerialisation() {
        ComputationGraph a = graph(6);
        ComputationGraph b = graph(7);
        ComputationGraph c = graph(8);
        INDArray expected = a.params().add(b.params()).addi(c.params());
        for (SerializerInstance serializer : List.of(
                new JavaSerializer(new SparkConf()).newInstance(), new KryoSerializer(new SparkConf()).newInstance())) {
            AveragingSum first =
                    back(serializer, AveragingSum.add(null, copy(a)).ofPartition(0));
            AveragingSum second =
                    back(serializer, AveragingSum.add(null, copy(b)).ofPartition(1));
            AveragingSum third =
                    back(serializer, AveragingSum.add(null, copy(c)).ofPartition(4));
            assertEquals(4, third.firstPartition());
            assertThrows(IllegalStateException.class, () -> AveragingSum.combineInOrder(second, first));
            assertThrows(
                    IllegalStateException.class,
                    () -> AveragingSum.combineInOrder(first, AveragingSum.add(null, copy(b))),
                    "a sum without its partition range");
            AveragingSum sum = AveragingSum.combineInOrder(AveragingSum.combineInOrder(null, first), second);
            sum = back(serializer, sum);
            assertEquals(0, sum.firstPartition());
            assertEquals(1, sum.lastPartition());
            sum = AveragingSum.combineInOrder(sum, third);
            assertEquals(4, sum.lastPartition());
            assertEquals(3, sum.count());
            assertTrue(sum.parametersSum().equalsWithEps(expected, 0.0));
        }
    }

    private static AveragingSum back(SerializerInstance serializer, AveragingSum sum) {
        return serializer.deserialize(serializer.serialize(sum, TAG), TAG);
    }

    private static ParameterAveragingTrainingResult copy(ComputationGraph g) {
        return new ParameterAveragingTrainingResult(
                g.params().dup(), g.getUpdater().getStateViewArray().dup(), 1.0, null, null, null);
    }

    @Test
    void aLeasedGraphReturnsToThePoolOnlyAfterTheSumHoldingItsArraysWasSerialised() {
        for (SerializerInstance serializer : List.of(
                new JavaSerializer(new SparkConf()).newInstance(), new KryoSerializer(new SparkConf()).newInstance())) {
            WorkerGraphPool pool = new WorkerGraphPool();
            WorkerGraphPool.Key key = new WorkerGraphPool.Key("conf", List.of());
            WorkerGraphPool.Lease lease = pool.acquire(key, () -> graph(3));
            ComputationGraph g = lease.graph();
            INDArray params = g.params().dup();
            AveragingSum sum = AveragingSum.add(
                    null, new LeasedTrainingResult(g.params(), g.getUpdater().getStateViewArray(), 0.5, lease));
            lease.closeUnlessHandedOff(); // the task ends: the result still refers to the graph's arrays
            assertEquals(0, pool.idleCount(key), "not back in the pool before the result is serialised");

            ByteBuffer bytes = serializer.serialize(sum, TAG);
            assertEquals(1, pool.idleCount(key), "back in the pool once serialised");
            WorkerGraphPool.Lease next = pool.acquire(key, () -> graph(4));
            assertSame(g, next.graph());
            next.graph().params().assign(0); // the next task overwrites the graph: the serialised result is unaffected
            assertTrue(serializer.deserialize(bytes, TAG).parametersSum().equalsWithEps(params, 0.0));
        }
    }

    @Test
    void aFailedTaskDropsItsGraph() {
        WorkerGraphPool pool = new WorkerGraphPool();
        WorkerGraphPool.Key key = new WorkerGraphPool.Key("conf", List.of());
        WorkerGraphPool.Lease lease = pool.acquire(key, () -> graph(5));
        AveragingSum sum = AveragingSum.add(
                null,
                new LeasedTrainingResult(
                        lease.graph().params(), lease.graph().getUpdater().getStateViewArray(), 0.5, lease));
        lease.discard(); // task failure listener
        new JavaSerializer(new SparkConf()).newInstance().serialize(sum, TAG);
        assertEquals(0, pool.idleCount(key));
    }

    private static ParameterAveragingTrainingResult result(ComputationGraph g, double score) {
        return new ParameterAveragingTrainingResult(
                g.params(), g.getUpdater().getStateViewArray(), score, null, null, null);
    }
}
