package io.github.gtespark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.checkpoint.LoadedCheckpoint;
import io.github.gtespark.train.metrics.MetricsLog;
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

/** A stage whose shards and run directory are on HDFS (MiniDFSCluster): checkpoints, metrics, chart, resume. */
class HdfsStageTest {

    @TempDir
    static java.nio.file.Path tmp;

    static MiniDFSCluster cluster;
    static SparkSession spark;
    static String hdfs;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
                Files.createTempDirectory("minidfs").toString());
        conf.set("dfs.replication", "1");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        spark = SparkTestSupport.session();
        spark.sparkContext().hadoopConfiguration().set("dfs.replication", "1");
        TinyShards.write(spark, tmp.resolve("data"), 4, 8, 8, 0, 41);
        FileSystem fs =
                FileSystem.get(java.net.URI.create(hdfs), spark.sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(new Path(tmp.resolve("data").toUri()), new Path(hdfs + "/corpus"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void trainsFromAndToHdfsAndResumesFromAnHdfsCheckpoint() throws Exception {
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String out = hdfs + "/runs/r1";
        String[] settings = {"train.steps=6", "checkpoint.interval-steps=2"};
        StageTrainer crashing = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .addListener(new StageListener() {
                    @Override
                    public void onRoundEnd(StageProgress p) {
                        if (p.step() == 4) {
                            throw new IllegalStateException("simulated crash after step 4");
                        }
                    }
                });
        assertThrows(
                IllegalStateException.class,
                () -> crashing.run(SparkTestSupport.config(hdfs + "/corpus", out, settings), false));
        StageOutcome outcome = new StageTrainer(spark, SparkTestSupport.tinyComponents())
                .run(SparkTestSupport.config(hdfs + "/corpus", out, settings), true);

        assertTrue(outcome.checkpointUri().startsWith(hdfs)
                && outcome.checkpointUri().endsWith("step-0000000006"));
        LoadedCheckpoint ck = CheckpointStore.load(outcome.checkpointUri(), hc);
        assertEquals(6, ck.state().step());
        assertEquals(
                3,
                MetricsLog.read(outcome.metricsUri(), hc).stream()
                        .filter(r -> "train".equals(r.get("type")))
                        .count());
        FileSystem fs = FileSystem.get(java.net.URI.create(hdfs), hc);
        assertTrue(fs.getFileStatus(new Path(outcome.chartUri())).getLen() > 1000);
        assertTrue(fs.exists(new Path(out + "/_SUCCESS")));
        assertTrue(fs.exists(new Path(out + "/resolved-config.conf")));
    }
}
