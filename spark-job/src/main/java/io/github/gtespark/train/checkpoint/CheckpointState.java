package io.github.gtespark.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The training state stored beside a checkpoint's parameters and optimizer state ({@code state.json}).
 *
 * @param stage           stage name (pretrain, finetune)
 * @param step            global steps completed; the next update is applied at this step
 * @param totalSteps      steps the stage runs in total
 * @param workers         worker slots (data position: step {@code t} slot {@code w} reads batch
 *                        {@code (t*workers+w) mod batches})
 * @param batchesConsumed batches read so far ({@code step * workers})
 * @param seed            the run's seed; the step's random state is derived from (seed, step)
 * @param learningRate    learning rate of the last completed step (schedule position)
 * @param loss            mean loss of the last round
 * @param manifestSha256  SHA-256 of the data manifest the run trains on
 * @param configSha256    SHA-256 of the resolved configuration
 */
public record CheckpointState(
        String stage,
        long step,
        long totalSteps,
        int workers,
        long batchesConsumed,
        long seed,
        double learningRate,
        double loss,
        String manifestSha256,
        String configSha256) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise checkpoint state", e);
        }
    }

    public static CheckpointState fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, CheckpointState.class);
    }
}
