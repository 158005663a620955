package io.github.gtespark.train.step;

/**
 * What one {@link TrainingStep} did: the batch loss (before the update), the global L2 norm of the gradient
 * (before clipping), the learning rate used and the number of pairs in the effective batch.
 */
public record StepResult(double loss, double gradientNorm, double learningRate, int pairs)
        implements java.io.Serializable {}
