package io.github.gtespark.train.spark;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the driver broadcasts to the workers at the start of an averaging round: the graph configuration, its
 * {@link #configurationKey() key}, the averaged parameters and the averaged updater (Adam) state, the arrays in
 * {@link BulkSerializedArray}s. It replaces dl4j-spark's {@code NetBroadcastTuple}, whose arrays ND4J serialises
 * one element at a time.
 *
 * <p>A worker either {@link #build() builds} a graph from it (what dl4j-spark does every round) or
 * {@link #assignTo assigns} it to a pooled graph of the same configuration; both give the same graph state.
 */
public final class ModelBroadcast implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final ComputationGraphConfiguration configuration;
    private final String configurationKey;
    private final BulkSerializedArray parameters;
    private final BulkSerializedArray updaterState;

    private ModelBroadcast(
            ComputationGraphConfiguration configuration,
            String configurationKey,
            BulkSerializedArray parameters,
            BulkSerializedArray updaterState) {
        this.configuration = configuration;
        this.configurationKey = configurationKey;
        this.parameters = parameters;
        this.updaterState = updaterState;
    }

    /**
     * The driver graph's configuration, parameters and updater state (not copied: the driver's graph must not change
     * until the round's broadcast has been created and, in local mode, until the round's tasks have read it, which
     * is what the averaging round guarantees).
     */
    public static ModelBroadcast of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        INDArray state = graph.getUpdater().getStateViewArray();
        return new ModelBroadcast(
                conf,
                configurationKey(conf),
                new BulkSerializedArray(graph.params()),
                state == null ? null : new BulkSerializedArray(state));
    }

    /**
     * SHA-256 of the configuration's JSON with the iteration and epoch counters cleared (they advance every round;
     * the graph structure does not depend on them).
     */
    public static String configurationKey(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        copy.setIterationCount(0);
        copy.setEpochCount(0);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(copy.toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public String configurationKey() {
        return configurationKey;
    }

    public boolean hasUpdaterState() {
        return updaterState != null;
    }

    /** A new graph with copies of the parameters and updater state (dl4j-spark's worker graph). */
    public ComputationGraph build() {
        // each worker needs its own configuration (iteration counter), parameters and updater state
        ComputationGraph graph = new ComputationGraph(configuration.clone());
        graph.init(parameters.get().dup(), false);
        if (updaterState != null) {
            graph.setUpdater(
                    new ComputationGraphUpdater(graph, updaterState.get().dup()));
        }
        Nd4j.getExecutioner().commit();
        return graph;
    }

    /**
     * Overwrites the whole training state of {@code graph}, a graph built from a configuration with the same
     * {@link #configurationKey() key}, so that it equals a freshly {@link #build() built} one: parameters, updater
     * state, iteration and epoch counters, and the gradient view (zero, as after building).
     *
     * @throws IllegalStateException if the broadcast holds no updater state or the sizes do not match
     */
    public void assignTo(ComputationGraph graph) {
        if (updaterState == null) {
            throw new IllegalStateException("a pooled graph needs the broadcast updater state (saveUpdater)");
        }
        INDArray params = parameters.get();
        if (graph.params().length() != params.length()) {
            throw new IllegalStateException(
                    "pooled graph has " + graph.params().length() + " parameters, the broadcast " + params.length());
        }
        graph.getConfiguration().setIterationCount(configuration.getIterationCount());
        graph.getConfiguration().setEpochCount(configuration.getEpochCount());
        graph.params().assign(params.reshape(graph.params().shape()));
        INDArray state = graph.getUpdater().getStateViewArray();
        INDArray source = updaterState.get();
        if (state == null || state.length() != source.length()) {
            throw new IllegalStateException("pooled graph's updater state has " + (state == null ? 0 : state.length())
                    + " values, the broadcast " + source.length());
        }
        state.assign(source.reshape(state.shape()));
        INDArray gradients = graph.getFlattenedGradients();
        if (gradients != null) {
            gradients.assign(0);
        }
        graph.setScore(0);
        Nd4j.getExecutioner().commit();
    }
}
