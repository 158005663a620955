package io.github.gtespark.mine;

import java.io.Serializable;

/** Positive number {@code slot} of row {@code rowId}: its pool id and unit vector. */
public record PositiveVector(long rowId, int slot, long docId, float[] vector) implements Serializable {}
