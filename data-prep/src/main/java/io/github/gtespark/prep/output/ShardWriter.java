package io.github.gtespark.prep.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes shard rows, already partitioned one partition per shard and sorted by (batch_id, position), as Parquet
 * (snappy) into a temporary directory of the output, then renames each part file to {@code shard-NNNNN.parquet}
 * beside the manifest (Spark's part names carry a random id; the final names do not).
 */
public final class ShardWriter {

    public static final String SHARD_PREFIX = "shard-";
    public static final String SHARD_SUFFIX = ".parquet";

    private ShardWriter() {}

    /** @param scored whether the rows carry the {@code score} column ({@link ShardSchema#schema(boolean)}) */
    public static List<String> write(
            SparkSession spark, JavaRDD<Row> rows, boolean scored, String outputDir, Configuration conf)
            throws IOException {
        Path out = new Path(outputDir);
        Path tmp = new Path(out, "_tmp-shards");
        FileSystem fs = out.getFileSystem(conf);
        fs.delete(tmp, true);
        spark.createDataFrame(rows, ShardSchema.schema(scored))
                .write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", "snappy")
                .parquet(tmp.toString());
        TreeMap<Integer, Path> parts = new TreeMap<>();
        for (FileStatus f : fs.listStatus(tmp)) {
            String n = f.getPath().getName();
            if (n.startsWith("part-") && n.endsWith(".parquet")) {
                parts.put(Integer.parseInt(n.substring(5, 10)), f.getPath());
            }
        }
        List<String> names = new ArrayList<>();
        for (var e : parts.entrySet()) {
            String name = String.format(Locale.ROOT, "%s%05d%s", SHARD_PREFIX, e.getKey(), SHARD_SUFFIX);
            if (!fs.rename(e.getValue(), new Path(out, name))) {
                throw new IOException("cannot rename " + e.getValue() + " to " + name);
            }
            names.add(name);
        }
        fs.delete(tmp, true);
        return names;
    }

    /** Removes the shards of an earlier run from {@code outputDir}. */
    public static void removeStale(String outputDir, Configuration conf) throws IOException {
        Path out = new Path(outputDir);
        FileSystem fs = out.getFileSystem(conf);
        if (!fs.exists(out)) {
            return;
        }
        for (FileStatus f : fs.listStatus(out)) {
            String n = f.getPath().getName();
            if ((n.startsWith(SHARD_PREFIX) && n.endsWith(SHARD_SUFFIX)) || n.equals("_tmp-shards")) {
                fs.delete(f.getPath(), true);
            }
        }
    }
}
