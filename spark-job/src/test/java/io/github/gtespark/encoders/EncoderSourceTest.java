package io.github.gtespark.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.cli.GteCommand;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.checkpoint.CheckpointState;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code --model} given a training checkpoint: the real all-MiniLM-L6-v2 saved through {@link CheckpointStore} with
 * the encoder description the training job stores beside it, read back as a step directory, a checkpoints directory
 * and a run directory, embeds exactly as the built-in model does.
 */
class EncoderSourceTest {

    private static final List<String> TEXTS = List.of("A man is playing a guitar.", "Stock markets fell sharply.", "");

    @Test
    void aCheckpointOfTheBuiltInModelEmbedsLikeIt(@TempDir Path dir) throws Exception {
        EncoderModel builtIn = PretrainedModels.load("all-minilm-l6-v2");
        ComputationGraph graph = builtIn.toGraph(DataType.FLOAT, 128);
        Map<String, byte[]> encoder = new LinkedHashMap<>();
        encoder.put(
                "encoder/" + HfModelDirectory.CONFIG,
                builtIn.config().toHfConfigJson().getBytes(StandardCharsets.UTF_8));
        builtIn.tokenizerJsonBytes().ifPresent(b -> encoder.put("encoder/" + HfModelDirectory.TOKENIZER, b));
        builtIn.vocabTxtBytes().ifPresent(b -> encoder.put("encoder/" + HfModelDirectory.VOCAB, b));
        encoder.put("encoder/lowercase", Boolean.toString(builtIn.lowercase()).getBytes(StandardCharsets.UTF_8));
        Configuration hc = new Configuration();
        Path run = dir.resolve("run");
        CheckpointState state = new CheckpointState("finetune", 4, 3, 2, 8, 43, 1e-5, 0.5, "m", "c");
        String step = new CheckpointStore(run.resolve("checkpoints").toString(), hc, 2)
                .save(graph, state, "stage = finetune\n", encoder);

        for (String reference : List.of(step, run.resolve("checkpoints").toString(), run.toString())) {
            assertEquals(
                    new org.apache.hadoop.fs.Path(step).toUri().getPath(),
                    new org.apache.hadoop.fs.Path(
                                    EncoderSource.locate(reference, hc).location())
                            .toUri()
                            .getPath());
            assertEquals(
                    EncoderSource.Kind.CHECKPOINT,
                    EncoderSource.locate(reference, hc).kind());
        }
        float[][] expected = TextEmbedder.of(builtIn, 128, 8).embed(TEXTS, false);
        float[][] actual =
                TextEmbedder.of(EncoderSource.resolve(step, hc), 128, 8).embed(TEXTS, false);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], actual[i], 1e-5f);
        }
        float[][] throughTheLoader =
                EncoderSource.embedder(run.toString(), hc, 128, 8).embed(TEXTS, false);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], throughTheLoader[i], 1e-5f);
        }

        EncoderSourceException notAModel =
                assertThrows(EncoderSourceException.class, () -> EncoderSource.locate(dir.toString(), hc));
        assertTrue(notAModel.getMessage().contains("is not a model"), notAModel.getMessage());
        EncoderSourceException missing = assertThrows(
                EncoderSourceException.class,
                () -> EncoderSource.locate(dir.resolve("nowhere").toString(), hc));
        assertTrue(missing.getMessage().contains("unknown model"), missing.getMessage());
        assertEquals(
                EncoderSource.Kind.BUILT_IN,
                EncoderSource.locate("all-minilm-l6-v2", hc).kind());
        Path bare = dir.resolve("bare");
        String bareStep = new CheckpointStore(bare.toString(), hc, 1).save(graph, state, "stage = finetune\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new GteCommand()
                .run(
                        new String[] {
                            "eval-sts",
                            "--model",
                            bareStep,
                            "--data",
                            writeSts(dir).toString()
                        },
                        new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, errText);
        assertTrue(errText.contains("has no encoder/config.json"), errText);
    }

    private static Path writeSts(Path dir) throws java.io.IOException {
        return Files.writeString(dir.resolve("sts.tsv"), "g\tf\ty\t1\t3.0\tA man.\tA woman.\ng\tf\ty\t2\t1.0\ta\tb\n");
    }
}
