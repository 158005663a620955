package io.github.gtespark.mine;

import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.encoders.EncoderSource;
import io.github.gtespark.model.TextEmbedder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * One {@link TextEmbedder} per JVM (executor, or the driver in local mode) and model: loaded by the first task
 * that needs it ({@link EncoderSource#embedder}) and reused by every later task of the JVM. The embedder is
 * thread-safe; tasks running at the same time share it.
 */
public final class ExecutorEmbedders {

    static {
        NativeVariantSelection.selectForThisJvm(); // executors: choose the ND4J native build before its first use
    }

    private static final Map<String, TextEmbedder> EMBEDDERS = new HashMap<>();

    private ExecutorEmbedders() {}

    public static synchronized TextEmbedder get(String model, int maxLength, int batchSize, Configuration hadoopConf) {
        return EMBEDDERS.computeIfAbsent(
                model + "\u0000" + maxLength + "\u0000" + batchSize,
                key -> EncoderSource.embedder(model, hadoopConf, maxLength, batchSize));
    }

    /** Unit vectors of {@code texts} (queries with the model's query prefix, documents with its passage prefix). */
    public static VectorBlock embed(
            String model,
            int maxLength,
            int batchSize,
            Configuration hadoopConf,
            long firstId,
            List<String> texts,
            boolean isQuery) {
        TextEmbedder embedder = get(model, maxLength, batchSize, hadoopConf);
        float[][] vectors = texts.isEmpty() ? new float[0][] : embedder.embed(texts, isQuery);
        return VectorBlock.ofUnitRows(firstId, vectors, embedder.dimension());
    }
}
