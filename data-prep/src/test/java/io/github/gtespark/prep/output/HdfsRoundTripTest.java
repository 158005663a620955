package io.github.gtespark.prep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.github.gtespark.prep.CorpusPipeline;
import io.github.gtespark.prep.LocalSpark;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads sources from and writes the corpus to a real (in-process) HDFS. */
class HdfsRoundTripTest {

    private static MiniDFSCluster cluster;
    private static SparkSession spark;
    private static String hdfs;

    @TempDir
    static java.nio.file.Path base;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        conf.setInt("dfs.replication", 1);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        spark = LocalSpark.start("HdfsRoundTripTest");
        spark.sparkContext().hadoopConfiguration().set("dfs.replication", "1");
        FileSystem fs = cluster.getFileSystem();
        java.nio.file.Path demo = LocalSpark.repoRoot().resolve("data-prep/demo-corpus");
        fs.copyFromLocalFile(new Path(demo.resolve("snli.jsonl.gz").toUri()), new Path(hdfs + "/in/snli.jsonl.gz"));
        fs.copyFromLocalFile(
                new Path(demo.resolve("stackexchange-beer-Posts.xml.gz").toUri()),
                new Path(hdfs + "/in/se/Posts.xml.gz"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void readsFromAndWritesToHdfs() throws Exception {
        String out = hdfs + "/corpus/run1";
        FileSystem fs = cluster.getFileSystem();
        fs.mkdirs(new Path(out));
        fs.create(new Path(out + "/_SUCCESS")).close(); // stale marker of an earlier run
        Config config = PrepareCorpusCommandLine.parse(new String[] {
            "--source",
            "snli=jsonl:" + hdfs + "/in/snli.jsonl.gz",
            "--source",
            "beer=stackexchange:" + hdfs + "/in/se",
            "--output",
            out,
            "--batch-size",
            "16",
            "--target-pairs",
            "320",
            "--max-length",
            "32",
            "partitions=2",
            "dedup.near.enabled=false"
        });
        CorpusPipeline.Result r =
                new CorpusPipeline(spark, PrepareCorpusSettings.from(config), config, line -> {}).run();
        assertTrue(fs.exists(new Path(out + "/_SUCCESS")));
        assertTrue(fs.exists(new Path(out + "/resolved-config.conf")));
        assertTrue(fs.listStatus(new Path(out + "/exclusions")).length > 0);
        JsonNode manifest;
        try (InputStream in = fs.open(new Path(out + "/manifest.json"))) {
            manifest = new ObjectMapper().readTree(in);
        }
        assertEquals(r.pairs(), manifest.get("pairs").asLong());
        assertEquals(manifest.get("shards").size(), r.shards().size());
        for (JsonNode shard : manifest.get("shards")) {
            assertTrue(fs.exists(new Path(out + "/" + shard.asText())), shard.asText());
        }
        assertEquals(r.pairs(), spark.read().parquet(out + "/shard-*.parquet").count());
        assertTrue(r.pairs() >= 16 * 15, "pairs " + r.pairs());
        assertFalse(fs.exists(new Path(out + "/_tmp-shards")));
        assertFalse(Files.exists(java.nio.file.Path.of("/corpus/run1")), "nothing written to the local disk");
    }
}
