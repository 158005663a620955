package io.github.gtespark.train.step;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The update of {@link TorchAdam} for one block of parameters. The state (the moments {@code m} and {@code v} as
 * the two halves of the updater's state view) is DL4J's {@link AdamUpdater}'s, inherited; only the update differs:
 * DL4J's native {@code adam_updater} op run with {@link TorchAdam#nativeEpsilonAt the epsilon that gives PyTorch's
 * formula}. The gradient is replaced in place by the update (DL4J's contract: the caller subtracts it).
 */
final class TorchAdamUpdater extends AdamUpdater {
    private final TorchAdam torchConfig;

    TorchAdamUpdater(TorchAdam config) {
        super(Adam.builder()
                .learningRateSchedule(config.schedule())
                .beta1(config.beta1())
                .beta2(config.beta2())
                .epsilon(config.epsilon())
                .build());
        this.torchConfig = config;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (getM() == null || getV() == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        double lr = torchConfig.getLearningRate(iteration, epoch);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(
                gradient.reshape(getV().shape()),
                getV(),
                getM(),
                lr,
                torchConfig.beta1(),
                torchConfig.beta2(),
                torchConfig.nativeEpsilonAt(iteration),
                iteration));
    }
}
