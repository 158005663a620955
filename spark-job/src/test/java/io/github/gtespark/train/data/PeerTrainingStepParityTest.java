package io.github.gtespark.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.loss.CoSentLoss;
import io.github.gtespark.loss.TorchReference;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.step.AdamW;
import io.github.gtespark.train.step.GradientCachedTrainingStep;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.WarmupLinearDecaySchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * This project's whole training step against the peer's (sentence-transformers 6 + PyTorch, through
 * {@code scripts/reference/peer_training_step.py}) on real all-MiniLM-L6-v2 and three batches of 16 STS Benchmark
 * train pairs, CoSENT, both in double with dropout off: the same loss and gradient norm at every step and the same
 * weights after three AdamW steps (clipping to norm 1, weight decay 0.01, a warm-up/decay schedule), within the
 * float32 rounding of the export. The peer's libraries are not part of CI: run with
 * {@code -Dgte.peer.python=PATH} (a Python with sentence-transformers and torch); skipped, with the reason, otherwise.
 * Before {@link io.github.gtespark.train.step.TorchAdam}, DL4J's Adam moved 12 % of a layer's weights less than 90 %
 * of the peer's first update, and the second step's loss differed in the fifth digit.
 */
class PeerTrainingStepParityTest {
    static final int STEPS = 3;
    static final int BATCH = 16;

    @Test
    void threeCoSentStepsEqualSentenceTransformersAndPyTorch() throws Exception {
        String python = System.getProperty("gte.peer.python");
        Assumptions.assumeTrue(
                python != null && !python.isBlank(),
                "peer parity skipped: set -Dgte.peer.python=PATH to a Python with sentence-transformers and torch");
        double peak = 2e-5;
        int warmup = 1;
        int total = 10;
        EncoderModel model = PretrainedModels.load("all-minilm-l6-v2");
        DynamicPaddingParityTest.tokenizer = TextEmbedder.tokenizerOf(model);
        EncoderModel noDropout = model.withConfig(model.config().withDropout(0.0, 0.0));
        ComputationGraph graph = noDropout.toGraph(DataType.DOUBLE, 128);
        AdamW.withDefaults(new WarmupLinearDecaySchedule(peak, warmup, total)).configure(graph);
        GradientCachedTrainingStep step = new GradientCachedTrainingStep(new CoSentLoss(0.05), BATCH, 7, 1.0);
        List<String[]> pairs = DynamicPaddingParityTest.stsTrain(0, BATCH * STEPS);
        Path dir = Files.createTempDirectory("peer-step");
        Path start = dir.resolve("start");
        Path trained = dir.resolve("trained");
        HfModelDirectory.write(noDropout, start.toUri().toString(), new Configuration());
        List<StepResult> ours = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            List<PairRow> rows = DynamicPaddingParityTest.rows(pairs.subList(BATCH * t, BATCH * (t + 1)), 0);
            StepTaggedBatch batch = new ContrastiveBatchAssembler(
                            BATCH, SequencePadding.dynamic(128, 1), false, DataType.FLOAT)
                    .assemble(rows, t, 0);
            ours.add(step.apply(graph, batch, t));
        }
        HfModelDirectory.write(noDropout.withGraph(graph), trained.toUri().toString(), new Configuration());

        ObjectMapper json = new ObjectMapper();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("start", start.toString());
        c.put("trained", trained.toString());
        c.put("steps", STEPS);
        c.put("warmup", warmup);
        c.put("total", total);
        c.put("peak", peak);
        c.put("weight_decay", 0.01);
        c.put("max_grad_norm", 1.0);
        c.put("scale", 20.0);
        c.put("max_length", 128);
        c.put("batch_size", BATCH);
        List<Object[]> texts = new ArrayList<>();
        for (String[] p : pairs) {
            texts.add(new Object[] {p[0], p[1], Double.parseDouble(p[2])});
        }
        c.put("pairs", texts);
        Path in = dir.resolve("case.json");
        Path out = dir.resolve("result.json");
        json.writeValue(in.toFile(), c);
        TorchReference.runScript(
                List.of(
                        python,
                        TorchReference.referenceScript("peer_training_step.py").toString(),
                        in.toString(),
                        out.toString()),
                600);
        JsonNode r = json.readTree(out.toFile());
        for (int t = 0; t < STEPS; t++) {
            JsonNode peer = r.get("steps").get(t);
            StepResult mine = ours.get(t);
            System.out.printf(
                    "step %d: loss %.10f (peer %.10f), gradient norm %.10f (peer %.10f), lr %.4g (peer %.4g)%n",
                    t,
                    mine.loss(),
                    peer.get("loss").asDouble(),
                    mine.gradientNorm(),
                    peer.get("norm").asDouble(),
                    mine.learningRate(),
                    peer.get("lr").asDouble());
            assertEquals(peer.get("loss").asDouble(), mine.loss(), 1e-8 * Math.abs(mine.loss()), "loss, step " + t);
            assertEquals(
                    peer.get("norm").asDouble(), mine.gradientNorm(), 1e-7 * mine.gradientNorm(), "norm, step " + t);
            assertEquals(peer.get("lr").asDouble(), mine.learningRate(), 1e-15, "learning rate, step " + t);
        }
        int compared = 0;
        double worst = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = r.get("tensors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double diff = e.getValue().get("maxDiff").asDouble();
            double moved = e.getValue().get("maxMoved").asDouble();
            double rounding = e.getValue().get("rounding").asDouble();
            // the difference is the export's float32 rounding plus at most 1 % of the movement (PyTorch's and ND4J's
            // float64 reductions round differently; three steps amplify it where gradients are near epsilon)
            assertTrue(
                    diff <= rounding + 0.01 * moved,
                    e.getKey() + ": max |difference| " + diff + ", moved " + moved + ", float32 rounding " + rounding);
            worst = Math.max(worst, moved > 0 ? Math.max(0, diff - rounding) / moved : 0);
            compared++;
        }
        assertEquals(noDropout.weights().tensors().size(), compared, "every exported tensor compared");
        System.out.printf(
                "%d tensors, torch %s: largest difference beyond float32 rounding %.3e of the movement%n",
                compared, r.get("torch").asText(), worst);
    }
}
