package io.github.gtespark.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted-dropout masks drawn from a private ND4J generator seeded once per layer call, so that the backward pass
 * (which recomputes the forward pass) regenerates exactly the masks of the forward pass. Each mask entry is
 * {@code 0} with probability {@code p}, else {@code 1 / (1 - p)}.
 */
final class DropoutMasks implements AutoCloseable {

    private final Random random;

    DropoutMasks(long seed) {
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** Fills {@code mask} with the next mask of drop probability {@code p}; returns it. */
    INDArray next(double p, INDArray mask) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p), random);
        return mask.divi(1.0 - p);
    }

    @Override
    public void close() {
        try {
            random.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release the dropout random generator", e);
        }
    }
}
