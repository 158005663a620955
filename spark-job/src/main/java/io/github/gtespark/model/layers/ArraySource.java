package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a BERT block's forward pass puts the arrays it computes (C order, contents undefined until written). A pass
 * takes arrays from one source and gives them all back with {@link #releaseAll()} when none of them is needed any
 * more: {@link FreshArrays} allocates each array (in the caller's ND4J workspace, if any), {@link ForwardStateArena}
 * hands out views of one buffer that the next pass reuses.
 */
interface ArraySource {

    /** An array of this type and shape, C order, uninitialised. */
    INDArray take(DataType type, long... shape);

    /** Gives back every array taken since the last call: they must not be used afterwards. */
    void releaseAll();
}
