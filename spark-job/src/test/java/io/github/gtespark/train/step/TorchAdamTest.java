package io.github.gtespark.train.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.loss.TorchReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link TorchAdam} against {@code torch.optim.Adam} itself (scripts/reference/adam_reference.py, float64): the same
 * parameters after each of 12 steps with a warm-up/decay learning rate and gradients whose elements span 1e-10 to 1
 * (clipped gradients of a large model have many elements near epsilon, where DL4J's own Adam differs).
 */
class TorchAdamTest {
    static final int N = 400;
    static final int STEPS = 12;

    @Test
    void updatesEqualTorchOptimAdamStepByStep() throws Exception {
        TorchReference.requireTorch();
        WarmupLinearDecaySchedule schedule = new WarmupLinearDecaySchedule(1e-3, 3, STEPS);
        TorchAdam config = new TorchAdam(schedule, 0.9, 0.999, 1e-8);
        Random random = new Random(5);
        double[] start = new double[N];
        double[][] grads = new double[STEPS][N];
        for (int i = 0; i < N; i++) {
            start[i] = random.nextGaussian();
        }
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < N; i++) {
                // magnitudes 1e-10 .. 1 (a tenth of the elements exactly zero at each step)
                double magnitude = Math.pow(10, -10 * random.nextDouble());
                grads[s][i] = random.nextInt(10) == 0 ? 0.0 : random.nextGaussian() * magnitude;
            }
        }
        double[] lrs = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            lrs[s] = schedule.at(s);
        }
        double[][] expected = torchAdam(config, lrs, start, grads);

        INDArray params = Nd4j.createFromArray(start).reshape(1, N);
        GradientUpdater<?> updater = config.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, config.stateSize(N)), true);
        double worstRelative = 0;
        for (int s = 0; s < STEPS; s++) {
            INDArray update = Nd4j.createFromArray(grads[s]).reshape(1, N);
            updater.applyUpdater(update, s, 0);
            params.subi(update);
            for (int i = 0; i < N; i++) {
                double moved = Math.abs(expected[s][i] - start[i]);
                double diff = Math.abs(expected[s][i] - params.getDouble(0, i));
                assertTrue(
                        diff <= 1e-12 * Math.max(moved, 1e-9),
                        "step " + s + " element " + i + ": torch " + expected[s][i] + ", TorchAdam "
                                + params.getDouble(0, i));
                if (moved > 0) {
                    worstRelative = Math.max(worstRelative, diff / moved);
                }
            }
        }
        System.out.printf(
                "TorchAdam vs torch.optim.Adam, %d steps: max relative difference of the movement %.3e%n",
                STEPS, worstRelative);
    }

    @Test
    void dl4jAdamMovesElementsNearEpsilonLessThanTorch() {
        // why TorchAdam exists: at the first step DL4J's effective epsilon is eps / sqrt(1 - b2) = 31.6 eps
        double g = 5e-8;
        double lr = 1e-3;
        INDArray torchStyle = Nd4j.createFromArray(new double[] {g}).reshape(1, 1);
        INDArray dl4j = torchStyle.dup();
        new TorchAdam(new WarmupLinearDecaySchedule(lr, 0, 10), 0.9, 0.999, 1e-8)
                .instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2), true)
                .applyUpdater(torchStyle, 0, 0);
        new Adam(lr, 0.9, 0.999, 1e-8)
                .instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2), true)
                .applyUpdater(dl4j, 0, 0);
        assertEquals(lr * g / (g + 1e-8), torchStyle.getDouble(0), 1e-15);
        assertEquals(lr * g / (g + 1e-8 / Math.sqrt(1 - 0.999)), dl4j.getDouble(0), 1e-15);
    }

    @Test
    void aGraphWithTorchAdamRoundTripsThroughItsSavedConfigurationAndState() throws Exception {
        ComputationGraph graph = TinyEncoder.build(8, 6, 0.0, null, 3);
        AdamW.withDefaults(new WarmupLinearDecaySchedule(1e-3, 2, 50)).configure(graph);
        graph.initGradientsView();
        var step = new GradientCachedTrainingStep(new io.github.gtespark.loss.ImprovedContrastiveLoss(), 4, 1, 1.0);
        step.apply(graph, TestBatches.random(1, 5, 0, 6, TinyEncoder.VOCAB).toMultiDataSet(), 0);
        Path file = Files.createTempFile("torch-adam", ".zip");
        try {
            ModelSerializer.writeModel(graph, file.toFile(), true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            assertTrue(restored.getConfiguration().toJson().contains(TorchAdam.class.getName()));
            assertEquals(
                    graph.getLayer(1)
                            .conf()
                            .getLayer()
                            .getUpdaterByParam(graph.getLayer(1)
                                    .paramTable()
                                    .keySet()
                                    .iterator()
                                    .next()),
                    restored.getLayer(1)
                            .conf()
                            .getLayer()
                            .getUpdaterByParam(restored.getLayer(1)
                                    .paramTable()
                                    .keySet()
                                    .iterator()
                                    .next()));
            assertEquals(
                    graph.getUpdater().getStateViewArray(),
                    restored.getUpdater().getStateViewArray());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double[][] torchAdam(TorchAdam config, double[] lrs, double[] start, double[][] grads)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = Files.createTempDirectory("adam-ref");
        Path in = dir.resolve("case.json");
        Path out = dir.resolve("result.json");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beta1", config.beta1());
        c.put("beta2", config.beta2());
        c.put("eps", config.epsilon());
        c.put("lrs", lrs);
        c.put("params", start);
        c.put("grads", grads);
        json.writeValue(in.toFile(), c);
        TorchReference.runScript(
                List.of(
                        TorchReference.PYTHON,
                        TorchReference.referenceScript("adam_reference.py").toString(),
                        in.toString(),
                        out.toString()),
                300);
        JsonNode r = json.readTree(out.toFile());
        double[][] after = new double[STEPS][N];
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < N; i++) {
                after[s][i] = r.get("params").get(s).get(i).asDouble();
            }
        }
        Files.delete(in);
        Files.delete(out);
        Files.delete(dir);
        return after;
    }
}
