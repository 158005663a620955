package io.github.gtespark.train.step;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adam as PyTorch's {@code torch.optim.Adam}/{@code AdamW} computes it, as a DL4J updater configuration:
 *
 * <pre>
 *   m_t = b1 m_{t-1} + (1 - b1) g;   v_t = b2 v_{t-1} + (1 - b2) g^2         (t = iteration + 1)
 *   update = lr_t / (1 - b1^t) * m_t / (sqrt(v_t) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * DL4J's own {@link org.nd4j.linalg.learning.config.Adam} adds {@code eps} to {@code sqrt(v_t)} before the bias
 * correction ({@code lr_t sqrt(1 - b2^t) / (1 - b1^t) * m_t / (sqrt(v_t) + eps)}), which makes the effective epsilon
 * {@code eps / sqrt(1 - b2^t)}: 31.6x PyTorch's at the first step, 10x at step 10, 1.9x at step 359. With gradients
 * clipped to a global norm of 1 over 22M parameters, many elements are of the order of 1e-8 to 1e-7, and DL4J's Adam
 * moves them several times less than PyTorch does (measured on all-MiniLM-L6-v2: 12 % of a layer's weights moved
 * less than 90 % of PyTorch's first update). This class runs the same native {@code adam_updater} op with
 * {@code eps sqrt(1 - b2^t)} in place of {@code eps}, which is PyTorch's formula exactly.
 *
 * <p>The state layout is DL4J Adam's (m, then v, in one view), so it is checkpointed and averaged by dl4j-spark
 * parameter averaging ({@code saveUpdater(true)}) like any DL4J updater. Serialised in DL4J's JSON configuration.
 */
public final class TorchAdam implements IUpdater {
    private static final long serialVersionUID = 1L;

    @JsonProperty("learningRateSchedule")
    private ISchedule learningRateSchedule;

    @JsonProperty("beta1")
    private final double beta1;

    @JsonProperty("beta2")
    private final double beta2;

    @JsonProperty("epsilon")
    private final double epsilon;

    @JsonCreator
    public TorchAdam(
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("beta1") double beta1,
            @JsonProperty("beta2") double beta2,
            @JsonProperty("epsilon") double epsilon) {
        if (learningRateSchedule == null
                || !(beta1 >= 0 && beta1 < 1)
                || !(beta2 >= 0 && beta2 < 1)
                || !(epsilon > 0)) {
            throw new IllegalArgumentException("invalid Adam settings: schedule=" + learningRateSchedule + " beta1="
                    + beta1 + " beta2=" + beta2 + " epsilon=" + epsilon);
        }
        this.learningRateSchedule = learningRateSchedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public ISchedule schedule() {
        return learningRateSchedule;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    /** The epsilon to hand DL4J's native op at 0-based {@code iteration} so that it computes PyTorch's formula. */
    double nativeEpsilonAt(int iteration) {
        return epsilon * Math.sqrt(1 - Math.pow(beta2, iteration + 1.0));
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        TorchAdamUpdater u = new TorchAdamUpdater(this);
        long[] gradientShape = {1, viewArray.length() / 2};
        u.setStateViewArray(viewArray, gradientShape, 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        TorchAdamUpdater u = new TorchAdamUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public TorchAdam clone() {
        return new TorchAdam(learningRateSchedule.clone(), beta1, beta2, epsilon);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule == null) {
            throw new UnsupportedOperationException("TorchAdam needs a learning-rate schedule, got a fixed rate " + lr);
        }
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchAdam a
                && a.beta1 == beta1
                && a.beta2 == beta2
                && a.epsilon == epsilon
                && Objects.equals(a.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateSchedule, beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "TorchAdam(" + learningRateSchedule + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ")";
    }
}
