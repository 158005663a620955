package io.github.gtespark.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration hc = new Configuration();

    @Test
    void savesAndRestoresParametersOptimizerStateAndTrainingState() throws IOException {
        ComputationGraph g = CheckpointFixtures.trainedGraph(1, 5);
        CheckpointStore store = new CheckpointStore(tmp.toUri() + "ck", hc, 3);
        String uri = store.save(g, CheckpointFixtures.state(10), "a = 1\n");
        assertTrue(uri.endsWith("step-0000000010"));
        LoadedCheckpoint back = CheckpointStore.load(uri, hc);
        assertEquals(g.params(), back.graph().params());
        assertTrue(g.getUpdater().getStateViewArray().sumNumber().doubleValue() != 0);
        assertEquals(
                g.getUpdater().getStateViewArray(), back.graph().getUpdater().getStateViewArray());
        assertEquals(CheckpointFixtures.state(10), back.state());
        assertEquals("a = 1\n", back.configText());
        assertEquals(uri, CheckpointStore.resolve(tmp.toUri() + "ck", hc));
    }

    @Test
    void keepsOnlyTheLastK() throws IOException {
        ComputationGraph g = CheckpointFixtures.trainedGraph(2, 1);
        CheckpointStore store = new CheckpointStore(tmp.toUri() + "ck", hc, 2);
        for (long s = 5; s <= 20; s += 5) {
            store.save(g, CheckpointFixtures.state(s), "");
        }
        List<String> kept = store.list();
        assertEquals(2, kept.size());
        assertTrue(kept.get(0).endsWith("step-0000000015") && kept.get(1).endsWith("step-0000000020"), kept.toString());
    }

    @Test
    void crashWhileWritingLeavesThePreviousCheckpointIntactAndLatest() throws IOException {
        ComputationGraph first = CheckpointFixtures.trainedGraph(3, 2);
        ComputationGraph second = CheckpointFixtures.trainedGraph(4, 6);
        String root = tmp.toUri() + "ck";
        new CheckpointStore(root, hc, 1).save(first, CheckpointFixtures.state(4), "");

        CheckpointStore crashing = new CheckpointStore(root, hc, 1) {
            @Override
            protected OutputStream create(FileSystem fs, Path path) throws IOException {
                OutputStream real = super.create(fs, path);
                if (!path.getName().equals(MODEL_FILE)) {
                    return real;
                }
                return new FilterOutputStream(real) {
                    private long written;

                    @Override
                    public void write(int b) throws IOException {
                        if (++written > 300) {
                            throw new IOException("simulated crash: disk gone after 300 bytes");
                        }
                        super.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        for (int i = 0; i < len; i++) {
                            write(b[off + i]);
                        }
                    }
                };
            }
        };
        IOException e = assertThrows(IOException.class, () -> crashing.save(second, CheckpointFixtures.state(8), ""));
        assertTrue(e.getMessage().contains("simulated crash"));

        CheckpointStore store = new CheckpointStore(root, hc, 1);
        assertEquals(1, store.list().size());
        String latest = store.latest().orElseThrow();
        assertTrue(latest.endsWith("step-0000000004"), latest);
        LoadedCheckpoint back = CheckpointStore.load(latest, hc);
        assertEquals(first.params(), back.graph().params());
        assertEquals(4, back.state().step());
        try (Stream<java.nio.file.Path> files = Files.list(tmp.resolve("ck"))) {
            assertTrue(
                    files.noneMatch(p -> p.getFileName().toString().contains("0000000008")),
                    "no partial step-8 directory is visible");
        }
    }

    @Test
    void refusesNonFiniteParameters() throws IOException {
        ComputationGraph g = CheckpointFixtures.trainedGraph(5, 1);
        CheckpointStore store = new CheckpointStore(tmp.toUri() + "ck", hc, 2);
        store.save(g, CheckpointFixtures.state(1), "");
        g.params().putScalar(3, Double.NaN);
        assertThrows(NonFiniteParametersException.class, () -> store.save(g, CheckpointFixtures.state(2), ""));
        assertTrue(store.latest().orElseThrow().endsWith("step-0000000001"));
        assertFalse(CheckpointStore.load(store.latest().get(), hc)
                .graph()
                .params()
                .isNaN()
                .any());
    }
}
