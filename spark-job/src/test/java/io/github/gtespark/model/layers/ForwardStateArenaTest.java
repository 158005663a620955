package io.github.gtespark.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The arena hands out disjoint C-order arrays, learns its size from the first pass and reuses it afterwards. */
class ForwardStateArenaTest {

    @Test
    void firstPassLearnsTheSizeLaterPassesFitWithoutSeparateArrays() {
        ForwardStateArena arena = new ForwardStateArena();
        INDArray a = arena.take(DataType.FLOAT, 3, 5);
        INDArray b = arena.take(DataType.FLOAT, 2, 2, 7);
        assertEquals(2, arena.overflowCount(), "nothing learned yet: separate arrays");
        assertEquals(0, arena.capacity());
        arena.releaseAll();

        a = arena.take(DataType.FLOAT, 3, 5);
        b = arena.take(DataType.FLOAT, 2, 2, 7);
        assertEquals(0, arena.overflowCount(), "second pass of the same shapes fits the block");
        assertTrue(arena.capacity() >= 15 + 28);
        assertArrayEquals(new long[] {3, 5}, a.shape());
        assertArrayEquals(new long[] {2, 2, 7}, b.shape());
        assertEquals('c', a.ordering());
        // disjoint: writing one leaves the other unchanged
        a.assign(1.0);
        b.assign(2.0);
        assertEquals(15.0, a.sumNumber().doubleValue(), 0.0);
        assertEquals(56.0, b.sumNumber().doubleValue(), 0.0);
        // real views of one block usable as op outputs
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray w = Nd4j.rand(DataType.FLOAT, 4, 5);
        Nd4j.matmul(x, w, a, false, false, false);
        assertTrue(a.equalsWithEps(x.mmul(w), 1e-5), "matmul into an arena view");
        assertEquals(56.0, b.sumNumber().doubleValue(), 0.0, "the neighbouring view is untouched");
        arena.releaseAll();
        arena.free();
    }

    @Test
    void aLargerPassOverflowsOnceThenTheBlockGrows() {
        ForwardStateArena arena = new ForwardStateArena();
        arena.take(DataType.DOUBLE, 10);
        arena.releaseAll();
        arena.take(DataType.DOUBLE, 10);
        long small = arena.capacity();
        INDArray big = arena.take(DataType.DOUBLE, 100);
        assertEquals(1, arena.overflowCount(), "what does not fit is a separate array");
        big.assign(3.0);
        assertEquals(300.0, big.sumNumber().doubleValue(), 0.0);
        arena.releaseAll();
        assertEquals(0, arena.overflowCount());
        arena.take(DataType.DOUBLE, 10);
        arena.take(DataType.DOUBLE, 100);
        assertEquals(0, arena.overflowCount(), "the next pass starts with a block for the largest pass");
        assertTrue(arena.capacity() > small);
        arena.free();
        assertEquals(0, arena.capacity());
    }
}
