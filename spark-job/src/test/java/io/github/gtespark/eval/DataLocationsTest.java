package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocationsTest {

    @Test
    void localPathsAndFileUris(@TempDir Path dir) throws IOException {
        assertFalse(DataLocations.isHadoopUri("data/sts.tsv"));
        assertFalse(DataLocations.isHadoopUri("file:///tmp/x"));
        assertTrue(DataLocations.isHadoopUri("hdfs://namenode:8020/eval"));
        assertTrue(DataLocations.isHadoopUri("s3a://bucket/eval"));

        String file = DataLocations.child(DataLocations.child(dir.toString(), "new-dir"), "a.txt");
        try (BufferedWriter w = DataLocations.openWriter(file)) {
            w.write("héllo\n");
        }
        assertTrue(DataLocations.exists(file));
        try (BufferedReader r = DataLocations.openReader(dir.toUri() + "new-dir/a.txt")) {
            assertEquals("héllo", r.readLine());
        }
        assertFalse(DataLocations.exists(dir.resolve("absent").toString()));
        assertThrows(
                NoSuchFileException.class,
                () -> DataLocations.openReader(dir.resolve("absent").toString()));
    }

    @Test
    void readsAndWritesBeirSetsOnHdfs(@TempDir Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster cluster =
                new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            String root = cluster.getURI().toString() + "/eval/pubmedqa";
            PubMedQaToBeir.convert(SharedData.file("pubmedqa/ori_pqal.json").toString(), root, 5, 8);
            assertTrue(DataLocations.exists(root + "/qrels/test.tsv"));
            BeirDataset ds = BeirDatasetReader.read(root, "test");
            assertEquals(8, ds.corpus().size());
            assertEquals(5, ds.queries().size());
            assertEquals(Map.of("21645374", 1), ds.qrels().get("q21645374"));
            assertFalse(DataLocations.exists(root + "/absent"));
            assertThrows(FileNotFoundException.class, () -> BeirDatasetReader.read(root, "dev"));
        } finally {
            cluster.shutdown();
        }
        assertTrue(Files.isDirectory(dir));
    }
}
