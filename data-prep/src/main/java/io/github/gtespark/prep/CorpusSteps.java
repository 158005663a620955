package io.github.gtespark.prep;

import io.github.gtespark.prep.clean.CleanStep;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.dedup.Decontaminator;
import io.github.gtespark.prep.dedup.ExactPairDeduplicator;
import io.github.gtespark.prep.dedup.NearDuplicateDocumentFilter;
import io.github.gtespark.prep.step.CorpusStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps over the pair dataset, in order, as the settings enable them. Adding a step: one class implementing
 * {@link CorpusStep} and one line here (docs/dev/extending.md). Tokenization follows the list
 * ({@link io.github.gtespark.prep.tokenize.TokenizeStep}).
 */
public final class CorpusSteps {

    private CorpusSteps() {}

    public static List<CorpusStep> from(PrepareCorpusSettings s) {
        List<CorpusStep> steps = new ArrayList<>();
        steps.add(new CleanStep(s));
        if (s.decontamination()) {
            steps.add(new Decontaminator(s.evaluationSets(), s.decontaminationHashing()));
        }
        if (s.exactDedup()) {
            steps.add(new ExactPairDeduplicator(s.sources()));
        }
        if (s.nearDedup()) {
            steps.add(new NearDuplicateDocumentFilter(s.nearDedupHashing()));
        }
        return List.copyOf(steps);
    }
}
