package io.github.gtespark.cli;

import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.model.hf.HfModelDirectory;
import io.github.gtespark.train.checkpoint.CheckpointState;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --model} given a training checkpoint: the real all-MiniLM-L6-v2 saved through {@link CheckpointStore} with
 * the encoder description the training job stores beside it, read back as a step directory, a checkpoints directory
 * and a run directory, embeds exactly as the built-in model does.
 */
class CheckpointEncoderReaderTest {

    private static final List<String> TEXTS = List.of("A man is playing a guitar.", "Stock markets fell sharply.", "");

    @Test
    void aCheckpointOfTheBuiltInModelEmbedsLikeIt(@TempDir Path dir) throws Exception {
        EncoderModel builtIn = PretrainedModels.load("all-minilm-l6-v2");
        ComputationGraph graph = builtIn.toGraph(DataType.FLOAT, 128);
        Map<String, byte[]> encoder = new LinkedHashMap<>();
        encoder.put("encoder/" + HfModelDirectory.CONFIG,
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
            assertEquals(new org.apache.hadoop.fs.Path(step).toUri().getPath(),
                    new org.apache.hadoop.fs.Path(CheckpointEncoderReader.resolve(reference, hc)).toUri().getPath());
        }
        float[][] expected = TextEmbedder.of(builtIn, 128, 8).embed(TEXTS, false);
        float[][] actual = TextEmbedder.of(CheckpointEncoderReader.read(step, hc), 128, 8).embed(TEXTS, false);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], actual[i], 1e-5f);
        }
        float[][] throughTheLoader = new TextEmbedderEncoders().load(run.toString(), 128, 8).encode(TEXTS, false);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], throughTheLoader[i], 1e-5f);
        }

        assertNull(CheckpointEncoderReader.resolve(dir.toString(), hc));
        Path bare = dir.resolve("bare");
        String bareStep = new CheckpointStore(bare.toString(), hc, 1).save(graph, state, "stage = finetune\n");
        GteCommandTest.Run noEncoder = GteCommandTest.run("eval-sts", "--model", bareStep, "--data",
                writeSts(dir).toString());
        assertEquals(2, noEncoder.code(), noEncoder.err());
        assertTrue(noEncoder.err().contains("has no encoder/config.json"), noEncoder.err());
    }

    private static Path writeSts(Path dir) throws java.io.IOException {
        return Files.writeString(dir.resolve("sts.tsv"), "g\tf\ty\t1\t3.0\tA man.\tA woman.\ng\tf\ty\t2\t1.0\ta\tb\n");
    }
}
