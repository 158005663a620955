package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The value of a {@link ContrastiveLoss} on one batch and its gradients with respect to the pooled embeddings.
 *
 * @param loss       the mean loss over the pairs of the batch
 * @param dQueries   dL/dqueries, {@code [n, h]}
 * @param dDocs      dL/ddocs, {@code [n, h]}
 * @param dNegatives dL/dnegatives, {@code [n*k, h]} (zero rows for absent negatives), or {@code null} without negatives
 */
public record LossAndGradients(double loss, INDArray dQueries, INDArray dDocs, INDArray dNegatives) {}
