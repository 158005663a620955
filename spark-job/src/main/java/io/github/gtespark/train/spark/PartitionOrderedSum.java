package io.github.gtespark.train.spark;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import scala.Option;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Sums the workers' results of an averaging round ({@link AveragingSum}) in partition order, so that the sum is the
 * same to the bit whatever order the tasks finish in.
 *
 * <p><b>Why.</b> Float addition is not associative: {@code (a + b) + c} and {@code (a + c) + b} can differ in the
 * last bit. Spark's {@code treeAggregate} adds the partial sums in the order their tasks finish (on the driver) or
 * their shuffle blocks arrive (on the executors), so with 3 or more workers two runs over the same data, e.g. an
 * uninterrupted run and a resumed one, could average to different bits.
 *
 * <p><b>What is summed in which order.</b> With {@code n} partitions (one per worker) and depth {@code d}, as for
 * {@code treeAggregate}: {@code scale = max(ceil(n^(1/d)), 2)}; while {@code n > scale + ceil(n / scale)}, the
 * partial sums are grouped into runs of {@code scale} consecutive partitions (the last run may be shorter) and each
 * run is summed left to right on an executor, giving {@code ceil(n / scale)} partials for the next level; the
 * driver finally adds the remaining partials left to right. Depth 1 (or few workers) therefore means {@code ((p0 +
 * p1) + p2) + ...} on the driver. The result is a fixed function of the per-partition results, {@code n} and
 * {@code d}: it does not depend on the order tasks finish in, on where they run, or on retries. (A different depth
 * may group differently and so differ in the last bits.) Partitions without results (fewer batches than workers)
 * are skipped. The order within a run comes from reading the run's partitions one after the other (a coalesce with
 * {@link ContiguousRuns}); {@link AveragingSum#combineInOrder} checks it.
 *
 * <p><b>How, and the memory it holds.</b> Each level is persisted to the executors' local disks ({@code
 * DISK_ONLY}: streamed to a file as it is serialised, read back as a stream) and materialised by its own job; the
 * next level reads it back, and the driver pulls the last level's partials one at a time, in partition order (one
 * small job each). Every partial is thus computed once, in parallel, and consumed in a fixed order. At any time the
 * driver holds the running sum and one pulled partial (plus, while it is deserialised, that partial's bytes): about 3
 * copies of parameters + updater state (for MiniLM with AdamW, 3 x 22.7 M floats = 272 MB per copy), whatever the
 * number of workers; a naive collect of 64 workers would hold 64 copies (17 GB). A task of an executor level holds
 * its running sum and the partial it is reading (a remote block above {@code
 * spark.network.maxRemoteBlockSizeFetchToMem}, 200 MB by default, is fetched to disk first); the task that hands a
 * partial to the driver holds it deserialised plus its serialised task result, as {@code treeAggregate}'s last level
 * does. Not {@code MEMORY_AND_DISK_SER}: a partial kept on the heap until the round's sum is complete added one more
 * heap copy to that last task, and executors sized for {@code treeAggregate} (1.5 GB for MiniLM in
 * scripts/test-cluster) ran out of heap; the disk costs a local write and read of one copy per worker per round.
 * All levels are unpersisted before this returns. A lost partial is recomputed from its lineage (for level 0: the
 * worker retrains its partition from the round's broadcast, which gives the same values).
 */
public final class PartitionOrderedSum {

    private static final ClassTag<AveragingSum> TAG = ClassTag$.MODULE$.apply(AveragingSum.class);

    private PartitionOrderedSum() {}

    /**
     * The sum of all workers' results, in partition order (see the class comment); null if no worker returned
     * parameters. Runs the round's training job ({@code results} is computed once).
     */
    public static AveragingSum sum(JavaRDD<ParameterAveragingTrainingResult> results, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("aggregation depth must be at least 1, got " + depth);
        }
        List<JavaRDD<AveragingSum>> persisted = new ArrayList<>();
        try {
            JavaRDD<AveragingSum> level = results.mapPartitionsWithIndex(PartitionOrderedSum::partitionSum, true);
            materialise(level, persisted);
            for (int runLength : runLengths(level.getNumPartitions(), depth)) {
                JavaRDD<AveragingSum> next =
                        inContiguousRuns(level, runLength).mapPartitions(PartitionOrderedSum::sumInOrder, true);
                materialise(next, persisted);
                level.unpersist(false);
                level = next;
            }
            AveragingSum sum = null;
            for (int i = 0; i < level.getNumPartitions(); i++) {
                for (AveragingSum partial : level.collectPartitions(new int[] {i})[0]) {
                    sum = AveragingSum.combineInOrder(sum, partial);
                }
            }
            return sum;
        } finally {
            for (JavaRDD<AveragingSum> rdd : persisted) {
                rdd.unpersist(false);
            }
        }
    }

    /**
     * The run length of each executor level for {@code n} partitions at depth {@code depth} (empty: all {@code n}
     * partials go to the driver): runs of {@code scale = max(ceil(n^(1/depth)), 2)} partials while a level saves
     * more than it costs, as {@code treeAggregate} decides; each level leaves {@code ceil(n / scale)} partials.
     */
    static List<Integer> runLengths(int n, int depth) {
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        List<Integer> lengths = new ArrayList<>();
        while (n > scale + ceilDiv(n, scale)) {
            n = ceilDiv(n, scale);
            lengths.add(scale);
        }
        return lengths;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void materialise(JavaRDD<AveragingSum> rdd, List<JavaRDD<AveragingSum>> persisted) {
        rdd.persist(StorageLevel.DISK_ONLY());
        persisted.add(rdd);
        // computing a persisted partition stores it; nothing is read back here
        rdd.foreachPartition(ignored -> {});
    }

    /** Level 0, on the worker: its partition's results (normally one) as one sum marked with the partition. */
    private static Iterator<AveragingSum> partitionSum(int partition, Iterator<ParameterAveragingTrainingResult> it) {
        AveragingSum sum = null;
        while (it.hasNext()) {
            sum = AveragingSum.add(sum, it.next());
        }
        return sum == null
                ? Collections.emptyIterator()
                : Collections.singletonList(sum.ofPartition(partition)).iterator();
    }

    /** An executor level: one run of partials, read in partition order, added left to right. */
    private static Iterator<AveragingSum> sumInOrder(Iterator<AveragingSum> run) {
        AveragingSum sum = null;
        while (run.hasNext()) {
            sum = AveragingSum.combineInOrder(sum, run.next());
        }
        return sum == null
                ? Collections.emptyIterator()
                : Collections.singletonList(sum).iterator();
    }

    /** {@code level}'s partitions in runs of {@code runLength} consecutive partitions, read in partition order. */
    private static JavaRDD<AveragingSum> inContiguousRuns(JavaRDD<AveragingSum> level, int runLength) {
        int runs = ceilDiv(level.getNumPartitions(), runLength);
        RDD<AveragingSum> coalesced =
                level.rdd().coalesce(runs, false, Option.apply(new ContiguousRuns(runLength)), null);
        return new JavaRDD<>(coalesced, TAG);
    }

    /**
     * Groups a parent's partitions into runs of {@code runLength} consecutive partitions (the last may be shorter),
     * each in ascending order; a coalesced partition reads its parent partitions in the order of its group.
     * ({@code scala.Serializable}: {@code coalesce} requires it of a coalescer in Scala 2.12.)
     */
    static final class ContiguousRuns implements PartitionCoalescer, scala.Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final int runLength;

        ContiguousRuns(int runLength) {
            this.runLength = runLength;
        }

        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            Partition[] partitions = parent.partitions();
            int size = runLength;
            List<PartitionGroup> groups = new ArrayList<>();
            for (int start = 0; start < partitions.length; start += size) {
                PartitionGroup group = new PartitionGroup(Option.empty());
                for (int i = start; i < Math.min(start + size, partitions.length); i++) {
                    group.partitions().$plus$eq(partitions[i]);
                }
                groups.add(group);
            }
            return groups.toArray(new PartitionGroup[0]);
        }
    }
}
