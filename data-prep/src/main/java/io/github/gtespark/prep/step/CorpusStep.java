package io.github.gtespark.prep.step;

import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/**
 * One named step over the pair dataset (clean and filter, decontaminate, deduplicate, ...), the list of which is
 * {@code CorpusSteps.from(settings)}. For every input pair a step yields exactly one pair outcome, the pair as kept
 * (maybe rewritten) or its {@link io.github.gtespark.prep.record.Exclusion} with a reason and the original text, plus
 * any number of negative exclusions (hard negatives removed from a kept pair). A step neither counts nor writes:
 * the {@link StepLedger} counts its outcomes by source and reason, writes the exclusions aside and passes the
 * kept pairs on. Steps are serializable because Spark closures may capture them; they must not capture the
 * {@link StepContext}.
 */
public interface CorpusStep extends Serializable {

    /** The step's name in progress lines and run-stats.json. */
    String name();

    /** The outcomes of {@code pairs} (lazy; the ledger persists and counts them). */
    JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx);
}
