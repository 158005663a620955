package io.github.gtespark.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class WorkerGraphPoolTest {

    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("in")
                .addLayer("d", new DenseLayer.Builder().nIn(2).nOut(2).build(), "in")
                .setOutputs("d")
                .build());
        g.init();
        return g;
    }

    @Test
    void aLeasedGraphIsNeverHandedOutTwiceAndReturnsWhenClosed() {
        WorkerGraphPool pool = new WorkerGraphPool();
        WorkerGraphPool.Key key = new WorkerGraphPool.Key("conf-a", List.of());
        AtomicInteger built = new AtomicInteger();
        WorkerGraphPool.Lease first = pool.acquire(key, () -> {
            built.incrementAndGet();
            return graph();
        });
        WorkerGraphPool.Lease second = pool.acquire(key, () -> {
            built.incrementAndGet();
            return graph();
        });
        assertEquals(2, built.get(), "two concurrent leases: two graphs");
        assertNotSame(first.graph(), second.graph());
        assertFalse(first.reused());

        first.close();
        first.close(); // idempotent: the graph is in the pool once
        assertEquals(1, pool.idleCount(key));
        WorkerGraphPool.Lease third = pool.acquire(key, WorkerGraphPoolTest::graph);
        assertTrue(third.reused());
        assertSame(first.graph(), third.graph());
        assertEquals(0, pool.idleCount(key));

        third.discard(); // a failed task's graph is dropped
        third.close();
        assertEquals(0, pool.idleCount(key));
        second.close();
        assertEquals(1, pool.idleCount(key));
    }

    @Test
    void graphsAreKeptPerDeviceAndDroppedWhenAnotherConfigurationArrives() {
        WorkerGraphPool pool = new WorkerGraphPool();
        WorkerGraphPool.Key gpu0 = new WorkerGraphPool.Key("conf-a", List.of("0"));
        WorkerGraphPool.Key gpu1 = new WorkerGraphPool.Key("conf-a", List.of("1"));
        pool.acquire(gpu0, WorkerGraphPoolTest::graph).close();
        WorkerGraphPool.Lease onGpu1 = pool.acquire(gpu1, WorkerGraphPoolTest::graph);
        assertFalse(onGpu1.reused(), "a graph built on GPU 0 is not handed to a task bound to GPU 1");
        onGpu1.close();
        assertEquals(1, pool.idleCount(gpu0));
        assertEquals(1, pool.idleCount(gpu1));

        WorkerGraphPool.Key other = new WorkerGraphPool.Key("conf-b", List.of("0"));
        WorkerGraphPool.Lease b = pool.acquire(other, WorkerGraphPoolTest::graph);
        assertFalse(b.reused());
        assertEquals(0, pool.idleCount(gpu0), "idle graphs of the previous configuration are dropped");
        assertEquals(0, pool.idleCount(gpu1));
        b.close();
        pool.clear();
        assertEquals(0, pool.idleCount(other));
    }
}
