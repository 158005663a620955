package io.github.gtespark.train.checkpoint;

import io.github.gtespark.model.BertConfig;
import io.github.gtespark.model.BertWeights;
import io.github.gtespark.model.EncoderModel;
import io.github.gtespark.model.Pooling;
import io.github.gtespark.model.TokenizerFiles;
import io.github.gtespark.model.hf.HfModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What the training job stores beside every checkpoint's parameters so that the checkpoint alone is a usable encoder:
 * under {@code encoder/}, the BERT {@code config.json} (with the sentence head: pooling, normalisation, text
 * prefixes), the tokenizer ({@code tokenizer.json} and/or {@code vocab.txt}) and the lowercase flag. Written by the
 * job ({@link #of}), read by a later stage started from the checkpoint and by {@code scripts/gte --model
 * CHECKPOINT} ({@link #read}).
 */
public final class CheckpointEncoderDescription {

    /** The folder of a checkpoint holding the description. */
    public static final String DIR = "encoder/";

    private static final String LOWERCASE = "lowercase";

    private CheckpointEncoderDescription() {}

    /** The description of {@code model} as checkpoint extra files (name to bytes). */
    public static Map<String, byte[]> of(EncoderModel model) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(DIR + HfModelDirectory.CONFIG, model.config().toHfConfigJson().getBytes(StandardCharsets.UTF_8));
        model.tokenizerJsonBytes().ifPresent(b -> files.put(DIR + HfModelDirectory.TOKENIZER, b));
        model.vocabTxtBytes().ifPresent(b -> files.put(DIR + HfModelDirectory.VOCAB, b));
        files.put(DIR + LOWERCASE, Boolean.toString(model.lowercase()).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * The encoder of checkpoint directory {@code checkpointUri}: configuration and tokenizer from its description,
     * parameters from its {@code model.zip}. A configuration without the sentence head means mean pooling and L2
     * normalisation (what training assumes).
     *
     * @throws IllegalArgumentException if the checkpoint has no description (not written by the training job)
     */
    public static EncoderModel read(String checkpointUri, Configuration hc) throws IOException {
        byte[] configJson = CheckpointStore.readExtra(checkpointUri, DIR + HfModelDirectory.CONFIG, hc)
                .orElseThrow(() -> new IllegalArgumentException("checkpoint " + checkpointUri + " has no " + DIR
                        + HfModelDirectory.CONFIG + " (not written by the training job), so its encoder is unknown"));
        byte[] tokenizer = CheckpointStore.readExtra(checkpointUri, DIR + HfModelDirectory.TOKENIZER, hc)
                .orElse(null);
        byte[] vocab = CheckpointStore.readExtra(checkpointUri, DIR + HfModelDirectory.VOCAB, hc)
                .orElse(null);
        if (tokenizer == null && vocab == null) {
            throw new IllegalArgumentException("checkpoint " + checkpointUri + " has neither " + DIR
                    + HfModelDirectory.TOKENIZER + " nor " + DIR + HfModelDirectory.VOCAB);
        }
        boolean lowercase = CheckpointStore.readExtra(checkpointUri, DIR + LOWERCASE, hc)
                .map(b -> Boolean.parseBoolean(new String(b, StandardCharsets.UTF_8).trim()))
                .orElse(tokenizer == null || TokenizerFiles.lowercase(tokenizer));
        BertConfig config = BertConfig.fromHfConfigJson(configJson, Pooling.MEAN, true);
        LoadedCheckpoint checkpoint = CheckpointStore.load(checkpointUri, hc, false);
        return new EncoderModel(
                config, BertWeights.fromGraph(checkpoint.graph(), config, Map.of()), tokenizer, vocab, lowercase);
    }
}
