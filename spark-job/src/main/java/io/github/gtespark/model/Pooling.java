package io.github.gtespark.model;

/** How token states become one sentence embedding: masked mean over real tokens, or the [CLS] (first) token. */
public enum Pooling {
    MEAN,
    CLS
}
