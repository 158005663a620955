package io.github.gtespark.prep.clean;

import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.step.CorpusStep;
import io.github.gtespark.prep.step.StepContext;
import io.github.gtespark.text.BertTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Cleans every text of a pair ({@link TextCleaner}) and applies the {@link PairFilter}s to query and document:
 * a pair with a failing side is excluded with that filter's reason ({@code query_equals_doc} when both sides are
 * equal). Hard negatives that fail a filter, equal the query or the document, or exceed {@code max-negatives}
 * are removed from the pair and recorded as negative exclusions; with {@code require-negatives} a pair of a source
 * with a negative field that keeps fewer than {@code max-negatives} negatives is excluded ({@code missing_negative}).
 */
public final class CleanStep implements CorpusStep {

    private final TextCleaner cleaner = new TextCleaner();
    private final PairFilter filter;
    private final int maxNegatives;
    private final boolean requireNegatives;
    private final boolean[] sourceHasNegatives;
    private final boolean needsTokenizer;

    public CleanStep(PrepareCorpusSettings settings) {
        this.filter = new PairFilter(settings.clean());
        this.maxNegatives = settings.maxNegatives();
        this.requireNegatives = settings.requireNegatives();
        this.sourceHasNegatives = new boolean[settings.sources().size()];
        for (int i = 0; i < sourceHasNegatives.length; i++) {
            sourceHasNegatives[i] = settings.sources().get(i).hasNegatives();
        }
        this.needsTokenizer = settings.clean().needsTokenCounts();
    }

    @Override
    public String name() {
        return "clean";
    }

    @Override
    public JavaRDD<Outcome> apply(JavaRDD<PairRecord> pairs, StepContext ctx) {
        Broadcast<BertTokenizer> tokenizer = needsTokenizer ? ctx.tokenizer() : null;
        return pairs.flatMap(
                p -> clean(p, tokenizer == null ? null : tokenizer.value()).iterator());
    }

    /** {@link #clean(PairRecord, BertTokenizer)} for settings without token-count thresholds. */
    public List<Outcome> clean(PairRecord raw) {
        if (needsTokenizer) {
            throw new IllegalStateException("token-count thresholds are set: a tokenizer is needed");
        }
        return clean(raw, null);
    }

    /**
     * The outcomes of one pair: the kept (cleaned) pair or its exclusion, plus one exclusion per removed negative.
     *
     * @param tok needed only when token-count thresholds are set, else may be null
     */
    public List<Outcome> clean(PairRecord raw, BertTokenizer tok) {
        List<Outcome> out = new ArrayList<>(1);
        String query = cleaner.clean(raw.query());
        String doc = cleaner.clean(raw.doc());
        String reason = filter.rejectText(query, tok);
        String side = "query";
        if (reason == null) {
            reason = filter.rejectText(doc, tok);
            side = "doc";
        }
        if (reason == null && filter.queryEqualsDoc(query, doc)) {
            reason = ExclusionReason.QUERY_EQUALS_DOC;
            side = null;
        }
        if (reason != null) {
            out.add(Outcome.exclude(Exclusion.ofPair(raw, reason, side)));
            return out;
        }
        List<String> negs = new ArrayList<>(raw.negs().length);
        for (String rawNeg : raw.negs()) {
            String neg = cleaner.clean(rawNeg);
            String negReason = filter.rejectText(neg, tok);
            if (negReason == null && (neg.equalsIgnoreCase(query) || neg.equalsIgnoreCase(doc))) {
                negReason = "equals_query_or_doc";
            }
            if (negReason == null) {
                for (String k : negs) {
                    if (k.equalsIgnoreCase(neg)) {
                        negReason = "repeated";
                        break;
                    }
                }
            }
            if (negReason != null) {
                out.add(Outcome.exclude(negative(raw, rawNeg, ExclusionReason.NEGATIVE_FILTERED, negReason)));
            } else if (negs.size() >= maxNegatives) {
                out.add(Outcome.exclude(negative(raw, rawNeg, ExclusionReason.NEGATIVE_OVER_LIMIT, null)));
            } else {
                negs.add(neg);
            }
        }
        if (requireNegatives
                && maxNegatives > 0
                && sourceHasNegatives[raw.sourceIndex()]
                && negs.size() < maxNegatives) {
            out.add(Outcome.exclude(Exclusion.ofPair(
                    raw, ExclusionReason.MISSING_NEGATIVE, negs.size() + " of " + maxNegatives + " negatives")));
            return out;
        }
        out.add(0, Outcome.keep(raw.withTexts(query, doc, negs.toArray(new String[0]))));
        return out;
    }

    private static Exclusion negative(PairRecord pair, String negative, String reason, String detail) {
        Exclusion e = Exclusion.ofNegative(pair, negative, reason);
        return new Exclusion(
                e.sourceIndex(), e.source(), e.reason(), e.id(), e.unit(), null, e.query(), e.doc(), detail);
    }
}
