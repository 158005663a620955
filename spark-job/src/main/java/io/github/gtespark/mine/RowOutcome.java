package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.List;

/**
 * What became of one query row: its output lines (one per {@link MinedRow} of the decision, in order; none when every
 * pair is excluded) and its pairs' exclusions.
 */
public record RowOutcome(
        long rowId, int source, List<String> lines, MiningDecision decision, List<MiningExclusion> exclusions)
        implements Serializable {}
