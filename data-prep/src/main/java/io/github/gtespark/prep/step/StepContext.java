package io.github.gtespark.prep.step;

import io.github.gtespark.text.BertTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;

/**
 * What a step may use besides its pairs, on the driver: the Spark context (broadcasts, Hadoop configuration), the
 * number of partitions of shuffles, the broadcast tokenizer and the progress log. Not serializable: read what a
 * closure needs into locals first.
 *
 * <p>A step that reuses an intermediate RDD persists it with {@link #persistForStep}: the ledger unpersists it once
 * the step's outcomes are persisted and counted, so that intermediate data does not occupy executor memory for the
 * rest of the job.
 */
public record StepContext(
        JavaSparkContext jsc,
        int partitions,
        Broadcast<BertTokenizer> tokenizer,
        Consumer<String> progress,
        List<RDD<?>> stepTemporaries) {

    public StepContext(
            JavaSparkContext jsc, int partitions, Broadcast<BertTokenizer> tokenizer, Consumer<String> progress) {
        this(jsc, partitions, tokenizer, progress, new ArrayList<>());
    }

    public Configuration hadoop() {
        return jsc.hadoopConfiguration();
    }

    /** Persists {@code rdd} (memory and disk) until the current step's outcomes are counted. */
    public <T> JavaRDD<T> persistForStep(JavaRDD<T> rdd) {
        stepTemporaries.add(rdd.rdd());
        return rdd.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Persists {@code rdd} (memory and disk) until the current step's outcomes are counted. */
    public <K, V> JavaPairRDD<K, V> persistForStep(JavaPairRDD<K, V> rdd) {
        stepTemporaries.add(rdd.rdd());
        return rdd.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Unpersists what the current step persisted with {@link #persistForStep}. */
    public void releaseStepTemporaries() {
        for (RDD<?> r : stepTemporaries) {
            r.unpersist(false);
        }
        stepTemporaries.clear();
    }
}
