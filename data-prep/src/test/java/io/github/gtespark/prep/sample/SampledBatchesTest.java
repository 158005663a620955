package io.github.gtespark.prep.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gtespark.prep.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The batch order computed in a Spark task gives every pair the slot the driver-side order gave it. */
class SampledBatchesTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("sampled-batches-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SourceBatches source(int s, int batches, int batchSize) {
        List<long[]> list = new ArrayList<>();
        for (int j = 0; j < batches; j++) {
            long[] ids = new long[batchSize];
            for (int p = 0; p < batchSize; p++) {
                ids[p] = s * 1_000_000L + j * 100L + p;
            }
            list.add(ids);
        }
        return new SourceBatches(s, list, (long) batches * batchSize, 0, 0, 1);
    }

    @Test
    void slotsEqualThoseOfTheDriverSideOrder() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int[] counts = {37, 0, 5, 120};
        long seed = 42;
        List<Tuple2<Integer, SourceBatches>> sources = new ArrayList<>();
        for (int s = 0; s < counts.length; s++) {
            sources.add(new Tuple2<>(s, source(s, counts[s], 4)));
        }
        // as BatchSampler builds them: source s in partition s
        JavaRDD<SourceBatches> batches = jsc.parallelizePairs(sources, 2)
                .partitionBy(new HashPartitioner(counts.length))
                .values();
        SampledBatches sampled = new SampledBatches(batches, SampledBatches.order(jsc, counts, seed), 162, 162 * 4);

        Map<Long, BatchSlot> expected = new HashMap<>();
        long[][] order = BatchOrder.shuffle(counts, seed);
        for (Tuple2<Integer, SourceBatches> t : sources) {
            SourceBatches b = t._2();
            for (int j = 0; j < b.batches().size(); j++) {
                for (int p = 0; p < 4; p++) {
                    expected.put(b.batches().get(j)[p], new BatchSlot(order[t._1()][j], p));
                }
            }
        }
        List<Tuple2<Long, BatchSlot>> slots = sampled.slots().collect();
        Map<Long, BatchSlot> actual = new HashMap<>();
        for (Tuple2<Long, BatchSlot> t : slots) {
            actual.put(t._1(), t._2());
        }
        assertEquals(162 * 4, slots.size());
        assertEquals(expected, actual);
        sampled.release();
    }
}
