package io.github.gtespark.train.step;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdamW (Loshchilov and Hutter 2019) expressed in DL4J's own updater configuration, so that its state lives in the
 * graph's {@code ComputationGraphUpdater} (saved in checkpoints, averaged by dl4j-spark parameter averaging with
 * {@code saveUpdater(true)}): {@link TorchAdam} (PyTorch's Adam formula on DL4J's native op; DL4J's own Adam places
 * epsilon differently) driven by a {@link WarmupLinearDecaySchedule} plus decoupled weight decay as DL4J
 * {@link WeightDecay} with {@code applyLR = true} (update += lr * wd * w, after the Adam update, which equals
 * PyTorch's AdamW). A checkpoint written before TorchAdam carries DL4J's Adam in its configuration and resumes with
 * it. Weight decay applies to weights, not to biases. Per-layer gradient normalisation is
 * switched off: {@link GradientCachedTrainingStep} clips by the global norm instead.
 */
public final class AdamW implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WarmupLinearDecaySchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    public AdamW(WarmupLinearDecaySchedule schedule, double beta1, double beta2, double epsilon, double weightDecay) {
        if (schedule == null
                || !(beta1 >= 0 && beta1 < 1)
                || !(beta2 >= 0 && beta2 < 1)
                || !(epsilon > 0)
                || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("invalid AdamW settings: schedule=" + schedule + " beta1=" + beta1
                    + " beta2=" + beta2 + " epsilon=" + epsilon + " weightDecay=" + weightDecay);
        }
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8 (sentence-transformers uses eps 1e-6), weight decay 0.01. */
    public static AdamW withDefaults(WarmupLinearDecaySchedule schedule) {
        return new AdamW(schedule, 0.9, 0.999, 1e-8, 0.01);
    }

    public ISchedule schedule() {
        return schedule;
    }

    /** The DL4J updater configuration: Adam with PyTorch's epsilon placement ({@link TorchAdam}). */
    public TorchAdam adam() {
        return new TorchAdam(schedule, beta1, beta2, epsilon);
    }

    /**
     * Sets this optimizer on every layer of {@code graph} (both the live layers and the graph configuration that
     * checkpoints serialise). Call once on a freshly built or imported graph, before its first update; a graph
     * restored from a checkpoint already carries the configuration and its updater state.
     *
     * @throws IllegalStateException if the graph's updater already exists (its state would be discarded)
     * @throws IllegalArgumentException if a layer with parameters is of a kind this class cannot configure
     */
    public void configure(ComputationGraph graph) {
        if (graph.getUpdater(false) != null) {
            throw new IllegalStateException(
                    "the graph's updater already exists; configure AdamW before the first update");
        }
        List<org.deeplearning4j.nn.conf.layers.Layer> confs = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            confs.add(layer.conf().getLayer());
        }
        for (GraphVertex vertex : graph.getConfiguration().getVertices().values()) {
            if (vertex instanceof LayerVertex lv) {
                confs.add(lv.getLayerConf().getLayer());
            }
        }
        for (org.deeplearning4j.nn.conf.layers.Layer conf : confs) {
            List<Regularization> decay = weightDecay > 0 ? List.of(new WeightDecay(weightDecay, true)) : List.of();
            if (conf instanceof BaseLayer l) {
                l.setIUpdater(adam());
                l.setBiasUpdater(adam());
                l.setRegularization(new ArrayList<>(decay));
                l.setRegularizationBias(new ArrayList<>());
                l.setGradientNormalization(GradientNormalization.None);
            } else if (conf instanceof AbstractSameDiffLayer l) {
                l.setUpdater(adam());
                l.setBiasUpdater(adam());
                l.setRegularization(new ArrayList<>(decay));
                l.setRegularizationBias(new ArrayList<>());
                l.setGradientNormalization(GradientNormalization.None);
            } else if (hasParameters(graph, conf)) {
                throw new IllegalArgumentException("cannot configure AdamW on layer " + conf.getLayerName()
                        + " of type " + conf.getClass().getName());
            }
        }
    }

    private static boolean hasParameters(ComputationGraph graph, org.deeplearning4j.nn.conf.layers.Layer conf) {
        for (Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() == conf
                    || conf.getLayerName() != null
                            && conf.getLayerName()
                                    .equals(layer.conf().getLayer().getLayerName())) {
                return layer.numParams() > 0;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AdamW(" + schedule + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", weightDecay="
                + weightDecay + ")";
    }
}
