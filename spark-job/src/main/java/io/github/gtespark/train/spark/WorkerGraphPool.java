package io.github.gtespark.train.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The worker graphs of one JVM (Spark executor), kept between averaging rounds so that a round's task only copies
 * the broadcast parameters and optimizer state into an existing {@link ComputationGraph} instead of building one
 * (layer set-up and fresh allocation of parameters, gradients and updater state on every round).
 *
 * <p>A graph is <em>leased</em>: {@link #acquire} hands an idle graph of the same {@link Key} (or a newly built one)
 * to exactly one caller, and only {@link Lease#close()} makes it available again, so two tasks running at the same
 * time in one executor never share a graph. The pool holds at most as many graphs per key as were leased at the same
 * time (one per concurrently running task); a leased graph that is never returned is simply dropped. Acquiring a graph for another model configuration drops the idle graphs
 * of every other configuration (a new stage or model: they would never be used again). A lost executor loses its
 * pool with it; a re-run task builds a new graph or leases an idle one, which is correct because a leased graph's
 * whole state (parameters, updater state, gradient view, iteration and epoch counters) is overwritten from the
 * broadcast before use.
 */
public final class WorkerGraphPool {

    /**
     * What a pooled graph must match: the model configuration (hash of its JSON with the iteration and epoch
     * counters cleared) and the devices the task is bound to (a graph's arrays live on the device it was built on).
     */
    public record Key(String configuration, List<String> devices) {
        public Key {
            Objects.requireNonNull(configuration, "configuration");
            devices = List.copyOf(devices);
        }
    }

    /**
     * Exclusive use of one graph until {@link #close()} (idempotent) or {@link #discard()}. A task that passes the
     * graph's own arrays on in its result {@linkplain #handOff() hands the lease off} to that result, which closes it
     * once it has been serialised.
     */
    public static final class Lease implements AutoCloseable {
        private final WorkerGraphPool pool;
        private final Key key;
        private final ComputationGraph graph;
        private final boolean reused;
        private boolean done;
        private boolean handedOff;

        private Lease(WorkerGraphPool pool, Key key, ComputationGraph graph, boolean reused) {
            this.pool = pool;
            this.key = key;
            this.graph = graph;
            this.reused = reused;
        }

        public ComputationGraph graph() {
            return graph;
        }

        /** True if the graph was built for an earlier lease (its state must be overwritten before use). */
        public boolean reused() {
            return reused;
        }

        /** Returns the graph to the pool. */
        @Override
        public void close() {
            synchronized (pool) {
                if (!done) {
                    done = true;
                    pool.idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(graph);
                }
            }
        }

        /** Marks the lease as passed on: {@link #closeUnlessHandedOff()} then leaves it open. */
        public void handOff() {
            synchronized (pool) {
                handedOff = true;
            }
        }

        /** {@link #close()} unless the lease was {@linkplain #handOff() handed off} (end of the task). */
        public void closeUnlessHandedOff() {
            boolean close;
            synchronized (pool) {
                close = !handedOff;
            }
            if (close) {
                close();
            }
        }

        /**
         * Ends the lease without returning the graph (after a failed task; or never closed after a hand-off whose
         * result was not serialised): the graph is left to the GC and the pool builds another when needed.
         */
        public void discard() {
            synchronized (pool) {
                done = true;
            }
        }
    }

    private static final WorkerGraphPool SHARED = new WorkerGraphPool();

    /** Guarded by {@code this}. */
    private final Map<Key, Deque<ComputationGraph>> idle = new HashMap<>();

    /** A separate pool (tests); the workers use {@link #shared()}. */
    WorkerGraphPool() {}

    /** The pool of this JVM. */
    public static WorkerGraphPool shared() {
        return SHARED;
    }

    /**
     * Leases an idle graph for {@code key}, or builds one with {@code build} (outside the pool's lock) when none is
     * idle.
     */
    public Lease acquire(Key key, Supplier<ComputationGraph> build) {
        ComputationGraph graph;
        synchronized (this) {
            idle.keySet().removeIf(k -> !k.configuration().equals(key.configuration()));
            Deque<ComputationGraph> graphs = idle.get(key);
            graph = graphs == null ? null : graphs.pollFirst();
        }
        if (graph != null) {
            return new Lease(this, key, graph, true);
        }
        return new Lease(this, key, Objects.requireNonNull(build.get(), "built graph"), false);
    }

    /** Idle graphs for {@code key}. */
    public synchronized int idleCount(Key key) {
        Deque<ComputationGraph> graphs = idle.get(key);
        return graphs == null ? 0 : graphs.size();
    }

    /** Drops every idle graph (leased graphs are not affected and return to the pool when closed). */
    public synchronized void clear() {
        idle.clear();
    }
}
