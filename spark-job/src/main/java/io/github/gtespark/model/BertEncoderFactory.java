package io.github.gtespark.model;

import io.github.gtespark.model.layers.BertBlockLayer;
import io.github.gtespark.model.layers.BertEmbeddingLayer;
import io.github.gtespark.model.layers.BertPoolingLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds the BERT sentence encoder as a DL4J {@link ComputationGraph} (see docs/dev/contracts.md, "Encoder graph"):
 * <pre>
 *   input_ids [b, L] (+ feature mask [b, L])
 *     -> token_embeddings (EmbeddingSequenceLayer, [b, L, H])
 *     -> embeddings (+ position + token type 0, LayerNorm, dropout)
 *     -> layer_0 .. layer_{N-1} (post-LN BERT blocks)
 *     -> pooled (masked mean or CLS, [b, H]) -> embedding (L2NormalizeVertex)   [or the pooling layer itself is
 *        named "embedding" when the configuration does not normalise]
 * </pre>
 * No output layer. Every layer accepts any sequence length up to {@code maxPositions}; {@code seqLen} is only the
 * nominal length recorded in the token embedding layer, so one graph (one set of parameters) serves all length
 * buckets. Weights are initialised normal(0, initStd), biases 0, LayerNorm gains 1, from {@code seed}.
 */
public final class BertEncoderFactory {

    public static final String INPUT = "input_ids";
    public static final String OUTPUT = "embedding";
    public static final String TOKEN_EMBEDDINGS = "token_embeddings";
    public static final String EMBEDDINGS = "embeddings";
    public static final String POOLED = "pooled";
    /** Epsilon of the output L2 normalisation (as torch.nn.functional.normalize uses 1e-12). */
    public static final double NORMALIZE_EPS = 1e-12;

    private BertEncoderFactory() {}

    /** Name of the {@code i}-th transformer block layer. */
    public static String blockName(int i) {
        return "layer_" + i;
    }

    /** A freshly initialised encoder with a {@link NoOp} updater (callers doing their own updates). */
    public static ComputationGraph build(BertConfig config, int seqLen, DataType dataType, long seed) {
        return build(config, seqLen, dataType, seed, new NoOp());
    }

    /** A freshly initialised encoder whose layers use {@code updater}. */
    public static ComputationGraph build(
            BertConfig config, int seqLen, DataType dataType, long seed, IUpdater updater) {
        ComputationGraph graph = new ComputationGraph(
                configure(config, seqLen, dataType, seed, updater).build());
        Nd4j.getRandom().setSeed(seed);
        graph.init();
        return graph;
    }

    /**
     * The graph configuration, not yet built: tests append a loss layer on {@link #OUTPUT} to run
     * {@code GradientCheckUtil}.
     */
    public static ComputationGraphConfiguration.GraphBuilder configure(
            BertConfig c, int seqLen, DataType dataType, long seed, IUpdater updater) {
        if (seqLen < 1 || seqLen > c.maxPositions()) {
            throw new IllegalArgumentException("seqLen " + seqLen + " outside 1.." + c.maxPositions());
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .graphBuilder()
                .addInputs(INPUT);
        g.addLayer(
                TOKEN_EMBEDDINGS,
                new EmbeddingSequenceLayer.Builder()
                        .nIn(c.vocabSize())
                        .nOut(c.hidden())
                        .hasBias(false)
                        .inputLength(seqLen)
                        .inferInputLength(true)
                        .outputDataFormat(RNNFormat.NWC)
                        .activation(Activation.IDENTITY)
                        .weightInit(new WeightInitDistribution(new NormalDistribution(0, c.initStd())))
                        .build(),
                INPUT);
        g.addLayer(
                EMBEDDINGS,
                new BertEmbeddingLayer(
                        EMBEDDINGS,
                        c.hidden(),
                        c.maxPositions(),
                        c.typeVocabSize(),
                        c.layerNormEps(),
                        c.hiddenDropout(),
                        c.initStd()),
                TOKEN_EMBEDDINGS);
        String previous = EMBEDDINGS;
        for (int i = 0; i < c.layers(); i++) {
            g.addLayer(
                    blockName(i),
                    new BertBlockLayer(
                            blockName(i),
                            c.hidden(),
                            c.heads(),
                            c.intermediate(),
                            c.layerNormEps(),
                            c.hiddenDropout(),
                            c.attentionDropout(),
                            c.initStd()),
                    previous);
            previous = blockName(i);
        }
        if (c.normalize()) {
            g.addLayer(POOLED, new BertPoolingLayer(POOLED, c.pooling(), c.hidden()), previous);
            g.addVertex(OUTPUT, new L2NormalizeVertex(new int[] {1}, NORMALIZE_EPS), POOLED);
        } else {
            g.addLayer(OUTPUT, new BertPoolingLayer(OUTPUT, c.pooling(), c.hidden()), previous);
        }
        g.setOutputs(OUTPUT);
        return g;
    }

    /**
     * The same encoder (same parameters, copied) configured for another nominal sequence length or data type, e.g.
     * a float copy of a double graph. Parameter layouts do not depend on the length, so the flat vector is copied.
     */
    public static ComputationGraph copy(ComputationGraph source, BertConfig config, int seqLen, DataType dataType) {
        ComputationGraph target = new ComputationGraph(
                configure(config, seqLen, dataType, 0, new NoOp()).build());
        target.init(source.params().castTo(dataType).dup(), false);
        return target;
    }
}
