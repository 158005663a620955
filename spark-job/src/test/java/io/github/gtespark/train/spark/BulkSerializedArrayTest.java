package io.github.gtespark.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BulkSerializedArrayTest {

    @Test
    void roundTripsFloatAndDoubleArraysExactlyAcrossSeveralChunks() throws Exception {
        // 700k floats = 2.8 MB: three 1 MiB chunks, the last one partial
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.INT}) {
            INDArray a =
                    Nd4j.rand(DataType.DOUBLE, 1, 700_001).subi(0.5).muli(1e3).castTo(type);
            INDArray back = roundTrip(a);
            assertNotSame(a, back);
            assertEquals(type, back.dataType());
            assertArrayEquals(a.shape(), back.shape());
            assertTrue(a.equalsWithEps(back, 0.0), type + " values identical");
        }
    }

    @Test
    void writesOnlyTheElementsOfAViewAndKeepsShapeAndOrdering() throws Exception {
        INDArray base = Nd4j.linspace(1, 60, 60, DataType.DOUBLE).reshape('c', 6, 10);
        INDArray view = base.get(NDArrayIndex.interval(2, 5), NDArrayIndex.interval(3, 9));
        INDArray back = roundTrip(view);
        assertArrayEquals(new long[] {3, 6}, back.shape());
        assertTrue(view.equalsWithEps(back, 0.0));

        INDArray fOrder = Nd4j.rand(DataType.FLOAT, 4, 5).dup('f');
        INDArray backF = roundTrip(fOrder);
        assertEquals('f', backF.ordering());
        assertTrue(fOrder.equalsWithEps(backF, 0.0));

        INDArray scalar = Nd4j.scalar(2.5);
        assertEquals(2.5, roundTrip(scalar).getDouble(0), 0.0);
    }

    @Test
    void streamHoldsTheRawBytesAndATruncatedStreamFails() throws Exception {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 250_000);
        byte[] bytes = serialize(new BulkSerializedArray(a));
        // header + 4 bytes per element + block-data framing of the object stream, nothing more
        assertTrue(bytes.length < 250_000 * 4 + 8_000, "stream length " + bytes.length);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(IOException.class, () -> deserialize(truncated));
        assertThrows(NullPointerException.class, () -> new BulkSerializedArray(null));
    }

    private static INDArray roundTrip(INDArray a) throws Exception {
        return ((BulkSerializedArray) deserialize(serialize(new BulkSerializedArray(a)))).get();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
