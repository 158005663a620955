package io.github.gtespark.train.step;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and update of {@link TorchAdam} for one block of parameters: the first moment {@code m} and the second
 * moment {@code v} as the two halves of the updater's state view (DL4J Adam's layout), and DL4J's native
 * {@code adam_updater} op run with {@link TorchAdam#nativeEpsilonAt the epsilon that gives PyTorch's formula}. The
 * gradient is replaced in place by the update (DL4J's contract: the caller subtracts it from the parameters).
 */
final class TorchAdamUpdater implements GradientUpdater<TorchAdam> {
    static final String M_STATE = "M";
    static final String V_STATE = "V";

    private final TorchAdam config;
    private INDArray m;
    private INDArray v;
    private char gradientReshapeOrder;

    TorchAdamUpdater(TorchAdam config) {
        this.config = config;
    }

    @Override
    public TorchAdam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (!stateMap.containsKey(M_STATE) || !stateMap.containsKey(V_STATE) || stateMap.size() != 2) {
            throw new IllegalStateException("state map should contain only keys [M, V] but has " + stateMap.keySet());
        }
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> r = new HashMap<>();
        r.put(M_STATE, m);
        r.put(V_STATE, v);
        return r;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVector()) {
            throw new IllegalArgumentException("Invalid input: expect row vector input");
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(1, viewArray.length());
        long n = viewArray.length() / 2;
        INDArray mView = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, n));
        INDArray vView = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(n, 2 * n));
        m = Shape.newShapeNoCopy(mView, gradientShape, gradientOrder == 'f');
        v = Shape.newShapeNoCopy(vView, gradientShape, gradientOrder == 'f');
        if (m == null || v == null) {
            throw new IllegalStateException("Could not correctly reshape gradient view arrays");
        }
        gradientReshapeOrder = gradientOrder;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null || v == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        double lr = config.getLearningRate(iteration, epoch);
        INDArray g = gradient.reshape(v.shape());
        Nd4j.exec(new AdamUpdater(
                g, v, m, lr, config.beta1(), config.beta2(), config.nativeEpsilonAt(iteration), iteration));
    }
}
