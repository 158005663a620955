package io.github.gtespark.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Synthetic shards (contract schema) whose queries and documents all have exactly {@code length} tokens. */
final class FullLengthShards {

    private FullLengthShards() {}

    static void write(SparkSession spark, Path dir, int batches, int batchSize, int length, int vocab, long seed)
            throws IOException {
        Random rnd = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (long b = 0; b < batches; b++) {
            for (int p = 0; p < batchSize; p++) {
                rows.add(RowFactory.create(
                        b,
                        p,
                        "synthetic",
                        ids(rnd, length, vocab),
                        ids(rnd, length, vocab),
                        new ArrayList<List<Integer>>(),
                        rnd.nextLong(),
                        rnd.nextLong(),
                        new ArrayList<Long>()));
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
        spark.createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .mode("overwrite")
                .parquet(dir.resolve("shards").toString());
        String shard;
        try (var files = Files.list(dir.resolve("shards"))) {
            shard = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"alpha\":0.5,\"seed\":" + seed + ",\"batch_size\":"
                        + batchSize + ",\"max_length\":" + length + ",\"pairs\":" + ((long) batches * batchSize)
                        + ",\"batches\":"
                        + batches + ",\"hard_negatives\":0,\"tokenizer\":\"synthetic\",\"shards\":[\"shards/" + shard
                        + "\"],\"sources\":[]}",
                StandardCharsets.UTF_8);
    }

    private static List<Integer> ids(Random rnd, int length, int vocab) {
        List<Integer> out = new ArrayList<>(length);
        out.add(101);
        for (int i = 1; i < length - 1; i++) {
            out.add(1000 + rnd.nextInt(vocab - 1000));
        }
        out.add(102);
        return out;
    }
}
