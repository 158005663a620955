package io.github.gtespark.prep.source;

import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Builds pairs from parsed Stack Exchange posts: per question, {@code title-body} (title -> body, pair 0 of the
 * question's line) and {@code question-answer} (title + body -> the accepted answer, else the highest-scored
 * answer, ties to the smaller post id; pair 1). A question without title or body gives {@code missing_field},
 * one without any answer {@code no_answer} for its question-answer pair. Answers are consumed by their question
 * and are not pairs themselves.
 */
public final class StackExchangePairBuilder {

    private StackExchangePairBuilder() {}

    public static JavaRDD<Outcome> build(SourceSpec spec, JavaRDD<StackExchangeRowParser.Parsed> parsed) {
        JavaRDD<Outcome> malformed = parsed.filter(p -> p.exclusion() != null).map(p -> Outcome.exclude(p.exclusion()));
        JavaRDD<StackExchangePost> posts =
                parsed.filter(p -> p.post() != null).map(StackExchangeRowParser.Parsed::post);
        JavaPairRDD<Long, StackExchangePost> questions =
                posts.filter(p -> p.postType() == StackExchangePost.QUESTION).mapToPair(p -> new Tuple2<>(p.key(), p));
        boolean titleBody = spec.stackExchangePairs().contains(SourceSpec.TITLE_BODY);
        boolean questionAnswer = spec.stackExchangePairs().contains(SourceSpec.QUESTION_ANSWER);
        JavaRDD<Outcome> pairs = posts.filter(p -> p.postType() == StackExchangePost.ANSWER && p.parentId() >= 0)
                .mapToPair(p -> new Tuple2<>(StackExchangePost.keyOf(p.fileIndex(), p.parentId()), p))
                .cogroup(questions)
                .flatMap(g -> {
                    List<Outcome> out = new ArrayList<>(2);
                    for (StackExchangePost q : g._2()._2()) {
                        StackExchangePost best = null;
                        for (StackExchangePost a : g._2()._1()) {
                            if (better(a, best, q.acceptedAnswerId())) {
                                best = a;
                            }
                        }
                        pairsOf(spec, q, best, titleBody, questionAnswer, out);
                    }
                    return out.iterator();
                });
        return malformed.union(pairs);
    }

    private static void pairsOf(
            SourceSpec spec,
            StackExchangePost q,
            StackExchangePost a,
            boolean titleBody,
            boolean questionAnswer,
            List<Outcome> out) {
        boolean complete = q.title() != null && q.body() != null;
        if (titleBody) {
            long id = q.lineId();
            out.add(
                    complete
                            ? Outcome.keep(new PairRecord(
                                    id, spec.index(), spec.name(), q.title(), q.body(), PairRecord.NO_NEGATIVES))
                            : missing(spec, id, q));
        }
        if (questionAnswer) {
            long id = q.lineId() + 1;
            if (!complete) {
                out.add(missing(spec, id, q));
            } else if (a == null || a.body() == null) {
                out.add(Outcome.exclude(new Exclusion(
                        spec.index(),
                        spec.name(),
                        ExclusionReason.NO_ANSWER,
                        id,
                        Exclusion.PAIR,
                        null,
                        q.title(),
                        null,
                        "question " + q.postId())));
            } else {
                out.add(Outcome.keep(new PairRecord(
                        id,
                        spec.index(),
                        spec.name(),
                        q.title() + "\n" + q.body(),
                        a.body(),
                        PairRecord.NO_NEGATIVES)));
            }
        }
    }

    private static Outcome missing(SourceSpec spec, long id, StackExchangePost q) {
        return Outcome.exclude(new Exclusion(
                spec.index(),
                spec.name(),
                ExclusionReason.MISSING_FIELD,
                id,
                Exclusion.PAIR,
                null,
                q.title(),
                q.body(),
                q.title() == null ? "Title" : "Body"));
    }

    private static boolean better(StackExchangePost a, StackExchangePost best, long accepted) {
        if (best == null) {
            return true;
        }
        boolean aAcc = a.postId() == accepted;
        boolean bAcc = best.postId() == accepted;
        if (aAcc != bAcc) {
            return aAcc;
        }
        if (a.score() != best.score()) {
            return a.score() > best.score();
        }
        return a.postId() < best.postId();
    }
}
