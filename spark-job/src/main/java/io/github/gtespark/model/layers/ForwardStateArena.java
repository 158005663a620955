package io.github.gtespark.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One block of native memory, outside DL4J's workspaces, that a BERT block reuses for the arrays of every training
 * forward pass it keeps for its backward pass (an {@link ArraySource}): {@link #take} hands out consecutive views of
 * the block, {@link #releaseAll()} makes the whole block available to the next pass.
 *
 * <p>Why: gradient caching runs one training forward + backward per chunk and layer. Allocating the kept state
 * afresh each time cost the stepping thread a native allocation (and fresh pages) per array (19 % of its time in a
 * plain step, single-threaded), and the churn of freed blocks made resident memory grow with the number of chunks.
 * Reused, the memory is set by the largest chunk seen, not by the batch.
 *
 * <p>Sizing: the caller may {@link #reserve} what a pass will take; beyond that the arena learns from use: a pass that
 * needs more than the block holds gets the rest as separate arrays (released with the pass), and the next pass
 * starts with a block large enough for the largest pass seen. {@link #free()} returns the block.
 */
final class ForwardStateArena implements ArraySource {

    /** Views start at multiples of 16 elements (64 bytes for float: one AVX-512 register, one cache line). */
    private static final long ALIGNMENT = 16;

    private INDArray block;
    private DataType blockType;
    private long capacity;
    private long offset;
    private long demand;
    private long largestDemand;
    private final List<INDArray> overflow = new ArrayList<>();

    /** Elements a pass uses for an array of {@code length} elements (views start aligned). */
    static long footprint(long length) {
        return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Before a pass whose demand the caller can compute: make the block hold {@code elements} at once, so that even
     * the first pass needs no separate arrays (which would be freed right before the block is allocated and leave
     * the native heap fragmented).
     */
    void reserve(DataType type, long elements) {
        largestDemand = Math.max(largestDemand, elements);
        if (offset == 0 && demand == 0) {
            prepare(type);
        }
    }

    @Override
    public INDArray take(DataType type, long... shape) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        long padded = footprint(length);
        if (offset == 0 && demand == 0) {
            prepare(type);
        }
        demand += padded;
        largestDemand = Math.max(largestDemand, demand);
        if (block != null && type == blockType && offset + length <= capacity) {
            INDArray view =
                    block.get(NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
            offset += padded;
            return view;
        }
        INDArray separate;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            separate = Nd4j.createUninitialized(type, shape);
        }
        overflow.add(separate);
        return separate;
    }

    /** At the first take of a pass: grow the block to the largest pass seen (or re-type it). */
    private void prepare(DataType type) {
        if (block != null && (type != blockType || largestDemand > capacity)) {
            block.close();
            block = null;
            capacity = 0;
        }
        if (block == null && largestDemand > 0) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                block = Nd4j.createUninitialized(type, largestDemand);
            }
            blockType = type;
            capacity = largestDemand;
        }
    }

    @Override
    public void releaseAll() {
        for (INDArray a : overflow) {
            if (!a.wasClosed()) {
                a.close();
            }
        }
        overflow.clear();
        offset = 0;
        demand = 0;
    }

    /** Returns all native memory; the next pass starts learning its size again. */
    void free() {
        releaseAll();
        if (block != null) {
            block.close();
            block = null;
        }
        capacity = 0;
        largestDemand = 0;
    }

    /** Elements the current pass has taken so far, separate arrays included (tests). */
    long demand() {
        return demand;
    }

    /** Elements in the reusable block (tests). */
    long capacity() {
        return capacity;
    }

    /** Arrays of the current pass that did not fit into the block (tests). */
    int overflowCount() {
        return overflow.size();
    }
}
