package io.github.gtespark.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The averaging sum of 3 or more workers does not depend on the order in which their tasks finish: on local[4] (and
 * local[6]) every task is held until the driver has seen the task before it in a forced completion order end, and
 * the workers' values are chosen so that float addition in a different order gives different bits.
 */
class AveragingOrderTest {

    private static final int ELEMENTS = 1000;

    static SparkSession spark;
    static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[6]")
                .appName("averaging-order")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.sc().addSparkListener(Gate.LISTENER);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void fourWorkersSumToTheSameBitsWhateverOrderTheirTasksFinishIn() {
        Sum inOrder = sum(new int[] {0, 1, 2, 3}, 2);
        Sum permuted = sum(new int[] {3, 1, 0, 2}, 2);
        Sum reversed = sum(new int[] {3, 2, 1, 0}, 2);

        // the values do make float addition order matter: the two orders' left folds differ in some bits
        Sum foldInPermutedOrder = fold(List.of(List.of(3, 1, 0, 2)));
        Sum foldInPartitionOrder = fold(List.of(List.of(0, 1, 2, 3)));
        assertNotEquals(
                Arrays.toString(foldInPartitionOrder.params),
                Arrays.toString(foldInPermutedOrder.params),
                "test values where the order of addition changes the float sum");

        for (Sum s : List.of(permuted, reversed)) {
            assertArrayEquals(inOrder.params, s.params, "parameter sums");
            assertArrayEquals(inOrder.state, s.state, "updater state sums");
            assertEquals(Double.doubleToRawLongBits(inOrder.score), Double.doubleToRawLongBits(s.score), "score sums");
            assertEquals(4, s.count);
        }
        // and the sum is the one defined: partition 0 + 1 + 2 + 3, left to right
        assertArrayEquals(foldInPartitionOrder.params, inOrder.params);
        assertArrayEquals(foldInPartitionOrder.state, inOrder.state);
        assertEquals(Double.doubleToRawLongBits(foldInPartitionOrder.score), Double.doubleToRawLongBits(inOrder.score));
    }

    @Test
    void sixWorkersWithAnExecutorLevelSumToTheSameBitsWhateverTheOrder() {
        // depth 2 over 6 partitions: groups {0,1,2} and {3,4,5} summed on executors, then the two on the driver
        assertEquals(List.of(3), PartitionOrderedSum.runLengths(6, 2));
        Sum inOrder = sum(new int[] {0, 1, 2, 3, 4, 5}, 2);
        Sum permuted = sum(new int[] {5, 3, 1, 4, 0, 2}, 2);
        assertArrayEquals(inOrder.params, permuted.params);
        assertArrayEquals(inOrder.state, permuted.state);
        assertEquals(Double.doubleToRawLongBits(inOrder.score), Double.doubleToRawLongBits(permuted.score));
        assertEquals(6, permuted.count);
        Sum tree = fold(List.of(List.of(0, 1, 2), List.of(3, 4, 5)));
        assertArrayEquals(tree.params, inOrder.params);
        assertArrayEquals(tree.state, inOrder.state);
        assertEquals(Double.doubleToRawLongBits(tree.score), Double.doubleToRawLongBits(inOrder.score));
        // depth 1: all six on the driver, left to right
        Sum flat = sum(new int[] {4, 5, 0, 3, 2, 1}, 1);
        Sum flatFold = fold(List.of(List.of(0, 1, 2, 3, 4, 5)));
        assertArrayEquals(flatFold.params, flat.params);
        assertArrayEquals(flatFold.state, flat.state);
    }

    @Test
    void levelsFollowTreeAggregatesRule() {
        assertEquals(List.of(), PartitionOrderedSum.runLengths(4, 2), "4 workers: all on the driver");
        assertEquals(List.of(8), PartitionOrderedSum.runLengths(64, 2), "64 workers: 8 runs of 8, then the driver");
        assertEquals(List.of(4, 4), PartitionOrderedSum.runLengths(64, 3));
        assertEquals(List.of(), PartitionOrderedSum.runLengths(64, 1), "depth 1: all on the driver");
        assertEquals(List.of(), PartitionOrderedSum.runLengths(1, 2));
    }

    /** The master's sum of {@code order.length} workers' results whose tasks finish in {@code order}. */
    private static Sum sum(int[] order, int depth) {
        int workers = order.length;
        Gate.arm(order);
        JavaRDD<ParameterAveragingTrainingResult> results = jsc.parallelize(
                        IntStream.range(0, workers).boxed().toList(), workers)
                .mapPartitionsWithIndex(
                        (index, ignored) -> {
                            Gate.awaitTurn(index);
                            return List.<ParameterAveragingTrainingResult>of(new ParameterAveragingTrainingResult(
                                            params(index), state(index), score(index), null, null, null))
                                    .iterator();
                        },
                        true);
        AveragingSum sum = ContrastiveTrainingMaster.sumResults(results, depth);
        assertEquals(
                Arrays.stream(order).boxed().toList(),
                Gate.finished(),
                "the workers' tasks finished in the forced order");
        assertEquals(
                Collections.nCopies(workers, 1),
                IntStream.range(0, workers).mapToObj(Gate::computed).toList(),
                "each worker's result computed once");
        return new Sum(
                sum.parametersSum().toFloatVector(),
                sum.updaterStateSum().toFloatVector(),
                sum.scoreSum(),
                sum.count());
    }

    /** Partitions summed left to right within each group, then the groups' sums left to right. */
    private static Sum fold(List<List<Integer>> groups) {
        INDArray p = null;
        INDArray s = null;
        double score = 0;
        boolean first = true;
        int count = 0;
        for (List<Integer> group : groups) {
            INDArray gp = params(group.get(0));
            INDArray gs = state(group.get(0));
            double gScore = score(group.get(0));
            for (int k = 1; k < group.size(); k++) {
                gp.addi(params(group.get(k)));
                gs.addi(state(group.get(k)));
                gScore += score(group.get(k));
            }
            count += group.size();
            p = p == null ? gp : p.addi(gp);
            s = s == null ? gs : s.addi(gs);
            score = first ? gScore : score + gScore;
            first = false;
        }
        return new Sum(p.toFloatVector(), s.toFloatVector(), score, count);
    }

    /**
     * Worker {@code w}'s parameters: element 0 is 1 for worker 0, -1 for worker 3 and 2^-24 for the others, so that
     * workers 0-3 sum to 0 from the left in partition order ((1 + 2^-24) rounds to 1) but to 2^-23 in the order 3,
     * 1, 0, 2 (-1 + 2^-24 is exact); the other elements are random over ten binary orders of magnitude.
     */
    private static INDArray params(int w) {
        float[] v = random(w, 11);
        v[0] = switch (w) {
            case 0 -> 1f;
            case 3 -> -1f;
            default -> 0x1p-24f;
        };
        return Nd4j.createFromArray(v);
    }

    private static INDArray state(int w) {
        float[] v = random(w, 13);
        v[0] = -params(w).getFloat(0);
        return Nd4j.createFromArray(v);
    }

    /** 1, 2^-53, 2^-53, -1, 2^-53, ...: the same effect in double. */
    private static double score(int w) {
        return switch (w) {
            case 0 -> 1.0;
            case 3 -> -1.0;
            default -> 0x1p-53;
        };
    }

    private static float[] random(int w, int salt) {
        Random rnd = new Random(1000L * salt + w);
        float[] v = new float[ELEMENTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(10) - 5));
        }
        return v;
    }

    private record Sum(float[] params, float[] state, double score, int count) {}

    /**
     * Holds each task of a partition until the driver has seen the task of the partition before it in the forced
     * order end (tasks run in this JVM on local[n]); only in the first stage that computes the partitions, so that a
     * recomputation cannot wait forever.
     */
    static final class Gate {
        private static final Object LOCK = new Object();
        private static volatile int[] order = new int[0];
        private static final AtomicInteger STAGE = new AtomicInteger(-1);
        private static final List<Integer> FINISHED = Collections.synchronizedList(new ArrayList<>());
        private static final ConcurrentHashMap<Integer, Boolean> DONE = new ConcurrentHashMap<>();
        private static final ConcurrentHashMap<Integer, Integer> COMPUTED = new ConcurrentHashMap<>();

        static final SparkListener LISTENER = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.stageId() == STAGE.get()
                        && "Success".equals(end.reason().toString())) {
                    synchronized (LOCK) {
                        FINISHED.add(end.taskInfo().index());
                        DONE.put(end.taskInfo().index(), true);
                        LOCK.notifyAll();
                    }
                }
            }
        };

        static void arm(int[] forced) {
            synchronized (LOCK) {
                order = forced.clone();
                STAGE.set(-1);
                FINISHED.clear();
                DONE.clear();
                COMPUTED.clear();
            }
        }

        static List<Integer> finished() {
            synchronized (LOCK) {
                return new ArrayList<>(FINISHED);
            }
        }

        static int computed(int partition) {
            return COMPUTED.getOrDefault(partition, 0);
        }

        static void awaitTurn(int partition) throws InterruptedException {
            COMPUTED.merge(partition, 1, Integer::sum);
            int stage = TaskContext.get().stageId();
            STAGE.compareAndSet(-1, stage);
            if (STAGE.get() != stage) {
                return;
            }
            int rank = IntStream.range(0, order.length)
                    .filter(r -> order[r] == partition)
                    .findFirst()
                    .orElseThrow();
            if (rank == 0) {
                return;
            }
            int before = order[rank - 1];
            long deadline = System.currentTimeMillis() + 120_000;
            synchronized (LOCK) {
                while (!DONE.containsKey(before)) {
                    long left = deadline - System.currentTimeMillis();
                    assertTrue(left > 0, "partition " + before + " never finished");
                    LOCK.wait(left);
                }
            }
        }
    }
}
