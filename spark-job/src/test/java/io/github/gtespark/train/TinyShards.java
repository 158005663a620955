package io.github.gtespark.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small synthetic training corpus in the shard schema of docs/dev/contracts.md (Parquet + manifest.json):
 * every pair belongs to one of {@link #TOPICS} topics; its query and document tokens are drawn from the topic's
 * token range, so an encoder can learn to tell topics apart. Token 1 is [CLS], 2 is [SEP].
 */
final class TinyShards {

    static final int TOPICS = 4;
    static final int VOCAB = 5 + 8 * TOPICS;

    private TinyShards() {}

    static int topicOfToken(int token) {
        return (token - 5) / 8;
    }

    /** Writes {@code batches} batches of {@code batchSize} pairs with {@code negatives} hard negatives each. */
    static void write(SparkSession spark, Path dir, int batches, int batchSize, int maxLength, int negatives, long seed)
            throws IOException {
        Random rnd = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (long b = 0; b < batches; b++) {
            for (int p = 0; p < batchSize; p++) {
                int topic = rnd.nextInt(TOPICS);
                int[] q = tokens(rnd, topic, maxLength);
                int[] d = tokens(rnd, topic, maxLength);
                List<List<Integer>> negs = new ArrayList<>();
                List<Long> negHashes = new ArrayList<>();
                for (int j = 0; j < negatives; j++) {
                    int[] n = tokens(rnd, (topic + 1 + rnd.nextInt(TOPICS - 1)) % TOPICS, maxLength);
                    negs.add(box(n));
                    negHashes.add((long) Arrays.hashCode(n));
                }
                rows.add(RowFactory.create(
                        b,
                        p,
                        "synthetic-" + (b % 2),
                        box(q),
                        box(d),
                        negs,
                        (long) Arrays.hashCode(q),
                        (long) Arrays.hashCode(d),
                        negHashes));
            }
        }
        StructType schema = new StructType()
                .add("batch_id", DataTypes.LongType, false)
                .add("position", DataTypes.IntegerType, false)
                .add("source", DataTypes.StringType, false)
                .add("query_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("doc_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add(
                        "neg_ids",
                        DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType, false), false),
                        false)
                .add("query_hash", DataTypes.LongType, false)
                .add("doc_hash", DataTypes.LongType, false)
                .add("neg_hashes", DataTypes.createArrayType(DataTypes.LongType, false), false);
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        df.coalesce(2).write().mode("overwrite").parquet(dir.resolve("shards").toString());
        List<String> shardNames = new ArrayList<>();
        try (var files = Files.list(dir.resolve("shards"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet"))
                    .sorted()
                    .forEach(n -> shardNames.add("\"shards/" + n + "\""));
        }
        String manifest = "{\"alpha\":0.5,\"seed\":" + seed + ",\"batch_size\":" + batchSize + ",\"max_length\":"
                + maxLength + ",\"pairs\":" + (batches * batchSize) + ",\"batches\":" + batches
                + ",\"hard_negatives\":" + negatives + ",\"tokenizer\":\"synthetic\",\"shards\":["
                + String.join(",", shardNames) + "],\"sources\":[{\"name\":\"synthetic\",\"read\":"
                + (batches * batchSize) + ",\"kept\":" + (batches * batchSize)
                + ",\"probability\":1.0,\"sampled\":" + (batches * batchSize) + ",\"excluded\":{}}]}";
        Files.writeString(dir.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
    }

    private static int[] tokens(Random rnd, int topic, int maxLength) {
        int len = 3 + rnd.nextInt(maxLength - 2);
        int[] t = new int[len];
        t[0] = 1;
        t[len - 1] = 2;
        for (int i = 1; i < len - 1; i++) {
            t[i] = 5 + 8 * topic + rnd.nextInt(8);
        }
        return t;
    }

    private static List<Integer> box(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return out;
    }
}
