package io.github.gtespark.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ContrastiveBatchAssemblerTest {

    private static PairRow row(int position, int[] q, int[] d, int[][] negs, long[] negHashes) {
        return new PairRow(3, position, q, d, negs, 100 + position, 200 + position, negHashes);
    }

    @Test
    void laysOutQueriesDocsNegativesMasksAndHashesAsInTheContract() {
        List<PairRow> rows = new ArrayList<>();
        // out of position order on purpose: the assembler sorts by position
        rows.add(row(
                1,
                new int[] {101, 7, 102},
                new int[] {101, 8, 9, 102},
                new int[][] {{101, 10, 102}, {101, 11, 102}},
                new long[] {-5L, 6L}));
        rows.add(row(
                0,
                new int[] {101, 5, 102},
                new int[] {101, 6, 102},
                new int[][] {{101, 12, 13, 102}, {101, 14, 102}},
                new long[] {Long.MAX_VALUE, 8L}));
        StepTaggedBatch b = new ContrastiveBatchAssembler(2, 5, true, DataType.FLOAT).assemble(rows, 42, 1);

        assertEquals(42, b.globalStep());
        assertEquals(1, b.workerSlot());
        assertEquals(3, b.batchId());
        assertEquals(3, b.numFeatureArrays());
        assertArrayEquals(new long[] {2, 5}, b.getFeatures(0).shape());
        assertArrayEquals(new long[] {4, 5}, b.getFeatures(2).shape());
        assertArrayEquals(
                new float[] {101, 5, 102, 0, 0}, b.getFeatures(0).getRow(0).toFloatVector());
        assertArrayEquals(
                new float[] {101, 8, 9, 102, 0}, b.getFeatures(1).getRow(1).toFloatVector());
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 0}, b.getFeaturesMaskArray(1).getRow(1).toFloatVector());
        // row i*k + j = j-th negative of pair i
        assertArrayEquals(
                new float[] {101, 12, 13, 102, 0}, b.getFeatures(2).getRow(0).toFloatVector());
        assertArrayEquals(
                new float[] {101, 11, 102, 0, 0}, b.getFeatures(2).getRow(3).toFloatVector());
        assertArrayEquals(
                new float[] {1, 1, 1, 0, 0}, b.getFeaturesMaskArray(2).getRow(3).toFloatVector());
        assertArrayEquals(new long[] {2, 4}, b.getLabels(0).shape());
        assertEquals(DataType.DOUBLE, b.getLabels(0).dataType());
        assertArrayEquals(
                new double[] {100, 200, (double) Long.MAX_VALUE, 8},
                b.getLabels(0).getRow(0).toDoubleVector());
        assertArrayEquals(
                new double[] {101, 201, -5, 6}, b.getLabels(0).getRow(1).toDoubleVector());
    }

    @Test
    void preTrainingIgnoresNegatives() {
        List<PairRow> rows = List.of(
                row(0, new int[] {1, 2}, new int[] {1, 3}, new int[][] {{1, 4}}, new long[] {9}),
                row(1, new int[] {1, 2}, new int[] {1, 3}, new int[][] {{1, 4}}, new long[] {9}));
        StepTaggedBatch b = new ContrastiveBatchAssembler(2, 4, false, DataType.FLOAT).assemble(rows, 0, 0);
        assertEquals(2, b.numFeatureArrays());
        assertArrayEquals(new long[] {2, 2}, b.getLabels(0).shape());
    }

    @Test
    void badBatchesAreClearErrors() {
        ContrastiveBatchAssembler asm = new ContrastiveBatchAssembler(2, 4, true, DataType.FLOAT);
        PairRow ok = row(0, new int[] {1, 2}, new int[] {1, 3}, new int[][] {{1, 4}}, new long[] {9});
        IllegalArgumentException size =
                assertThrows(IllegalArgumentException.class, () -> asm.assemble(List.of(ok), 0, 0));
        assertTrue(size.getMessage().contains("has 1 rows"), size.getMessage());
        PairRow tooLong = row(1, new int[] {1, 2, 3, 4, 5}, new int[] {1, 3}, new int[][] {{1, 4}}, new long[] {9});
        IllegalArgumentException len =
                assertThrows(IllegalArgumentException.class, () -> asm.assemble(List.of(ok, tooLong), 0, 0));
        assertTrue(len.getMessage().contains("5 tokens"), len.getMessage());
        PairRow noNeg = row(1, new int[] {1, 2}, new int[] {1, 3}, new int[0][], new long[0]);
        IllegalArgumentException k =
                assertThrows(IllegalArgumentException.class, () -> asm.assemble(List.of(ok, noNeg), 0, 0));
        assertTrue(k.getMessage().contains("hard negatives"), k.getMessage());
        PairRow dupPosition = row(0, new int[] {1, 2}, new int[] {1, 3}, new int[][] {{1, 4}}, new long[] {9});
        assertThrows(IllegalArgumentException.class, () -> asm.assemble(List.of(ok, dupPosition), 0, 0));
    }

    @Test
    void dynamicPaddingPadsEachInputToItsLongestSequenceRoundedUpAndCappedAtL() {
        // queries of 2 and 3 tokens, documents of 9 and 4, negatives of 5, 2, 3 and 6
        List<PairRow> rows = List.of(
                row(
                        0,
                        new int[] {101, 5, 102},
                        new int[] {101, 6, 7, 8, 9, 10, 11, 12, 102},
                        new int[][] {{101, 12, 13, 14, 102}, {101, 102}},
                        new long[] {1, 2}),
                row(
                        1,
                        new int[] {101, 102},
                        new int[] {101, 8, 9, 102},
                        new int[][] {{101, 10, 102}, {101, 11, 15, 16, 17, 102}},
                        new long[] {3, 4}));
        StepTaggedBatch exact = new ContrastiveBatchAssembler(2, SequencePadding.dynamic(10, 1), true, DataType.FLOAT)
                .assemble(rows, 5, 0);
        assertArrayEquals(new long[] {2, 3}, exact.getFeatures(0).shape());
        assertArrayEquals(new long[] {2, 9}, exact.getFeatures(1).shape());
        assertArrayEquals(new long[] {4, 6}, exact.getFeatures(2).shape());
        assertArrayEquals(
                new float[] {101, 102, 0}, exact.getFeatures(0).getRow(1).toFloatVector());
        assertArrayEquals(
                new float[] {1, 1, 0}, exact.getFeaturesMaskArray(0).getRow(1).toFloatVector());
        assertArrayEquals(
                new float[] {101, 12, 13, 14, 102, 0},
                exact.getFeatures(2).getRow(0).toFloatVector());
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 1, 1},
                exact.getFeaturesMaskArray(2).getRow(3).toFloatVector());

        // multiples of 4: 3 -> 4, 9 -> 12 capped at L = 10, 6 -> 8
        StepTaggedBatch rounded = new ContrastiveBatchAssembler(2, SequencePadding.dynamic(10, 4), true, DataType.FLOAT)
                .assemble(rows, 5, 0);
        assertArrayEquals(new long[] {2, 4}, rounded.getFeatures(0).shape());
        assertArrayEquals(new long[] {2, 10}, rounded.getFeatures(1).shape());
        assertArrayEquals(new long[] {4, 8}, rounded.getFeatures(2).shape());

        // the same ids and masks as padding to L, cut to the shorter length; labels unchanged
        StepTaggedBatch fixed = new ContrastiveBatchAssembler(2, 10, true, DataType.FLOAT).assemble(rows, 5, 0);
        for (StepTaggedBatch dynamic : List.of(exact, rounded)) {
            for (int input = 0; input < 3; input++) {
                long len = dynamic.getFeatures(input).size(1);
                assertEquals(10, fixed.getFeatures(input).size(1));
                assertEquals(
                        fixed.getFeatures(input).get(NDArrayIndex.all(), NDArrayIndex.interval(0, len)),
                        dynamic.getFeatures(input));
                assertEquals(
                        fixed.getFeaturesMaskArray(input).get(NDArrayIndex.all(), NDArrayIndex.interval(0, len)),
                        dynamic.getFeaturesMaskArray(input));
                assertEquals(
                        fixed.getFeaturesMaskArray(input).sumNumber().doubleValue(),
                        dynamic.getFeaturesMaskArray(input).sumNumber().doubleValue(),
                        "no token is cut");
            }
            assertEquals(fixed.getLabels(0), dynamic.getLabels(0));
        }
        // a sequence longer than L is refused as with fixed padding
        PairRow tooLong = row(
                1,
                new int[] {101, 1, 2, 3, 4, 5, 6, 7, 8, 9, 102},
                new int[] {1, 3},
                new int[][] {{1, 4}, {1, 5}},
                new long[] {9, 8});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContrastiveBatchAssembler(2, SequencePadding.dynamic(10, 8), true, DataType.FLOAT)
                        .assemble(List.of(rows.get(0), tooLong), 0, 0));
        assertTrue(e.getMessage().contains("11 tokens, allowed 1..10"), e.getMessage());
    }

    @Test
    void sequencePaddingLengths() {
        assertEquals(128, SequencePadding.fixed(128).lengthFor(17));
        assertEquals(17, SequencePadding.dynamic(128, 1).lengthFor(17));
        assertEquals(24, SequencePadding.dynamic(128, 8).lengthFor(17));
        assertEquals(16, SequencePadding.dynamic(128, 8).lengthFor(16));
        assertEquals(100, SequencePadding.dynamic(100, 8).lengthFor(99));
        assertThrows(
                IllegalArgumentException.class,
                () -> SequencePadding.dynamic(128, 8).lengthFor(129));
        assertThrows(IllegalArgumentException.class, () -> SequencePadding.dynamic(128, 0));
    }

    @Test
    void scheduleMapsStepsAndWorkersToBatchesAndWraps() {
        BatchSchedule s = new BatchSchedule(5, 2);
        assertEquals(0, s.batchFor(0, 0));
        assertEquals(1, s.batchFor(0, 1));
        assertEquals(4, s.batchFor(2, 0));
        assertEquals(0, s.batchFor(2, 1));
        assertEquals(3, s.stepsForEpochs(1.0));
        assertEquals(6, s.batchesConsumed(3));
    }

    @Test
    void scoredRowsGiveASecondLabelArrayAndAHalfScoredBatchIsRefused() {
        List<PairRow> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new PairRow(
                    7,
                    i,
                    new int[] {101, 5 + i, 102},
                    new int[] {101, 9, 102},
                    new int[0][],
                    i,
                    10 + i,
                    new long[0],
                    0.5 * i + 1));
        }
        StepTaggedBatch b = new ContrastiveBatchAssembler(3, 4, false, DataType.FLOAT).assemble(rows, 0, 0);
        assertEquals(2, b.getLabels().length);
        assertArrayEquals(new long[] {3, 1}, b.getLabels(1).shape());
        assertArrayEquals(new double[] {1.0, 1.5, 2.0}, b.getLabels(1).toDoubleVector());
        rows.set(
                1,
                new PairRow(7, 1, new int[] {101, 6, 102}, new int[] {101, 9, 102}, new int[0][], 1, 11, new long[0]));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ContrastiveBatchAssembler(3, 4, false, DataType.FLOAT).assemble(rows, 0, 0));
        assertTrue(e.getMessage().contains("2 of 3 pairs have a score"), e.getMessage());
    }
}
