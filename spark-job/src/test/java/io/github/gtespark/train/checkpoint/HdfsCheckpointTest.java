package io.github.gtespark.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checkpoints on a real HDFS (MiniDFSCluster, one DataNode). */
class HdfsCheckpointTest {

    static MiniDFSCluster cluster;
    static Configuration conf;

    @BeforeAll
    static void start() throws Exception {
        File base = Files.createTempDirectory("minidfs").toFile();
        conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
        conf.set("dfs.replication", "1");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void savesLoadsPrunesAndResolvesOnHdfs() throws Exception {
        String root = "hdfs://localhost:" + cluster.getNameNodePort() + "/runs/r1/checkpoints";
        CheckpointStore store = new CheckpointStore(root, conf, 2);
        ComputationGraph g = CheckpointFixtures.trainedGraph(9, 3);
        for (long s = 1; s <= 3; s++) {
            store.save(g, CheckpointFixtures.state(s), "x = " + s);
        }
        assertEquals(2, store.list().size());
        String latest = store.latest().orElseThrow();
        assertTrue(latest.startsWith("hdfs://") && latest.endsWith("step-0000000003"), latest);
        LoadedCheckpoint back = CheckpointStore.load(latest, conf);
        assertEquals(g.params(), back.graph().params());
        assertEquals(
                g.getUpdater().getStateViewArray(), back.graph().getUpdater().getStateViewArray());
        assertEquals(3, back.state().step());
        assertEquals(
                latest, CheckpointStore.resolve("hdfs://localhost:" + cluster.getNameNodePort() + "/runs/r1", conf));
        FileSystem fs = FileSystem.get(new Path(root).toUri(), conf);
        assertFalse(fs.exists(new Path(root, "step-0000000001")), "pruned");
        for (var st : fs.listStatus(new Path(root))) {
            assertFalse(st.getPath().getName().startsWith("."), "no temporary leftovers: " + st.getPath());
        }
    }
}
