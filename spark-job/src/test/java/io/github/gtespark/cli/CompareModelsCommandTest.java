package io.github.gtespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.train.checkpoint.CheckpointFixtures;
import io.github.gtespark.train.checkpoint.CheckpointState;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code gte compare-models} on real checkpoints written by {@link CheckpointStore}. */
class CompareModelsCommandTest {

    @TempDir
    Path dir;

    private static ComputationGraph trained(long seed, int steps, int hidden) {
        return CheckpointFixtures.trainedGraph(seed, steps, hidden, DataType.FLOAT);
    }

    private String save(String run, ComputationGraph g, long step) throws Exception {
        CheckpointState state = new CheckpointState("finetune", step, 3, 2, step * 2, 43, 1e-5, 0.5, "m", "c");
        return new CheckpointStore(
                        dir.resolve(run).resolve("checkpoints").toUri().toString(), new Configuration(), 2)
                .save(g, state, "stage = finetune\n");
    }

    private static double diff(String out, String what) {
        String line = out.lines()
                .filter(l -> l.startsWith(what + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " line in:\n" + out));
        return Double.parseDouble(line.substring(line.indexOf("max_abs_diff=") + "max_abs_diff=".length()));
    }

    @Test
    void identicalCheckpointsDifferByZeroAndAPerturbationIsMeasuredExactly() throws Exception {
        ComputationGraph g = trained(11, 3, 5);
        String a = save("a", g, 3);
        String b = save("b", g, 3);
        GteCommandTest.Run same = GteCommandTest.run("compare-models", "--a", a, "--b", b);
        assertEquals(0, same.code(), same.err());
        assertEquals(0.0, diff(same.out(), "parameters"));
        assertEquals(0.0, diff(same.out(), "updater_state"));
        assertTrue(same.out().contains("step=3"), same.out());

        float before = g.params().getFloat(7);
        g.params().putScalar(7, before + 0.25f);
        // a run directory means its newest checkpoint
        save("c", g, 3);
        GteCommandTest.Run changed = GteCommandTest.run(
                "compare-models", "--a", a, "--b", dir.resolve("c").toString());
        assertEquals(0, changed.code(), changed.err());
        assertEquals((double) (before + 0.25f) - before, diff(changed.out(), "parameters"), 1e-12);
        assertEquals(0.0, diff(changed.out(), "updater_state"));
    }

    @Test
    void differentShapesAndMissingCheckpointsAreBadInput() throws Exception {
        String a = save("a", trained(1, 1, 5), 1);
        String b = save("b", trained(1, 1, 4), 1);
        GteCommandTest.Run shapes = GteCommandTest.run("compare-models", "--a", a, "--b", b);
        assertEquals(2, shapes.code(), shapes.err());
        assertTrue(shapes.err().contains("differ in shape"), shapes.err());
        GteCommandTest.Run missing = GteCommandTest.run(
                "compare-models", "--a", a, "--b", dir.resolve("nothing").toString());
        assertTrue(missing.code() != 0, missing.err());
        assertEquals(
                List.of(),
                GteCommandTest.run("compare-models", "--a", a).out().lines().toList());
    }
}
