package io.github.gtespark.prep.sample;

import java.io.Serializable;
import java.util.List;

/**
 * The batches cut from one source: each a {@code long[]} of pair ids in position order (a pair can occur in several
 * batches when the source was cycled), plus what was sampled but not used: pairs of the partial batches left at
 * the end ({@code droppedPartial}) and pairs that conflicted with every open batch ({@code droppedConflict}).
 */
public record SourceBatches(
        int sourceIndex, List<long[]> batches, long allocated, long droppedPartial, long droppedConflict, int epochs)
        implements Serializable {}
