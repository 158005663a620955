package io.github.gtespark.prep.step;

import io.github.gtespark.text.BertTokenizer;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a step may use besides its pairs, on the driver: the Spark context (broadcasts, Hadoop configuration), the
 * number of partitions of shuffles, the broadcast tokenizer and the progress log. Not serializable: read what a
 * closure needs into locals first.
 */
public record StepContext(
        JavaSparkContext jsc, int partitions, Broadcast<BertTokenizer> tokenizer, Consumer<String> progress) {

    public Configuration hadoop() {
        return jsc.hadoopConfiguration();
    }
}
