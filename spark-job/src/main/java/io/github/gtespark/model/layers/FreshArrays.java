package io.github.gtespark.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@link ArraySource} that allocates every array with {@code Nd4j.createUninitialized}: inside DL4J's working-memory
 * workspace when one is open (inference, recomputation in a backward pass), where {@link #releaseAll()} has nothing to
 * do; otherwise as detached arrays, whose native memory {@link #releaseAll()} returns at once instead of at a garbage
 * collection.
 */
final class FreshArrays implements ArraySource {

    private final List<INDArray> taken = new ArrayList<>();

    @Override
    public INDArray take(DataType type, long... shape) {
        INDArray a = Nd4j.createUninitialized(type, shape);
        taken.add(a);
        return a;
    }

    @Override
    public void releaseAll() {
        for (INDArray a : taken) {
            if (!a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
        taken.clear();
    }
}
