package io.github.gtespark.eval;

import java.util.List;

/**
 * The scored pairs of an STS file, the layout they were read with, and how many unscored pairs
 * (SemEval-2016 layout, empty score) were skipped.
 */
public record StsDataset(String source, StsLayout layout, List<ScoredPair> pairs, int skippedUnscored) {

    public StsDataset {
        pairs = List.copyOf(pairs);
    }
}
