package io.github.gtespark.model.layers;

/**
 * A layer that keeps native memory between passes for speed (the BERT block's {@link ForwardStateArena}) and can give
 * it back when no training pass follows soon: e.g. a Spark worker at the end of its averaging round, before its
 * results are serialised. The next training pass allocates it again.
 */
public interface ReleasableWorkingMemory {

    /** Returns the memory kept between passes; any state kept for a pending backward pass is dropped. */
    void releaseWorkingMemory();
}
