package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.List;

/** What became of one query row: its output line (null when the row is excluded) and its pairs' exclusions. */
public record RowOutcome(long rowId, int source, String json, MiningDecision decision, List<MiningExclusion> exclusions)
        implements Serializable {}
