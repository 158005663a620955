package io.github.gtespark.model.layers;

/**
 * A scope in which training-mode forward passes on the calling thread are not followed by a backward pass, so the
 * BERT blocks do not keep their intermediate values for one (they normally do, see {@link BertBlockLayerImpl}).
 * Dropout is unaffected: masks are drawn exactly as in any training forward pass.
 *
 * <p>Used by pass 1 of gradient caching, which encodes every chunk in training mode only for its embeddings: keeping
 * the blocks' state there would allocate and free it once per chunk for nothing. Scopes nest.
 *
 * <pre>{@code try (ForwardOnlyTraining ignored = ForwardOnlyTraining.enter()) { graph.output(true, ...); } }</pre>
 */
public final class ForwardOnlyTraining implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private ForwardOnlyTraining() {}

    /** Enters the scope on the calling thread; close it on the same thread. */
    public static ForwardOnlyTraining enter() {
        DEPTH.get()[0]++;
        return new ForwardOnlyTraining();
    }

    /** Whether the calling thread is inside a scope. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
