package io.github.gtespark.eval;

import java.util.List;

/**
 * The scored pairs of an STS file, the layout they were read with, how many unscored pairs (SemEval-2016
 * layout, empty score) were skipped, and whether a header line (a first line whose score field is a word such
 * as {@code score}) was skipped.
 */
public record StsDataset(
        String source, StsLayout layout, List<ScoredPair> pairs, int skippedUnscored, boolean skippedHeader) {

    public StsDataset {
        pairs = List.copyOf(pairs);
    }

    /** A data set read without a header line. */
    public StsDataset(String source, StsLayout layout, List<ScoredPair> pairs, int skippedUnscored) {
        this(source, layout, pairs, skippedUnscored, false);
    }
}
