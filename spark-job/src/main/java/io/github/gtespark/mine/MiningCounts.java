package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The books of a run, per source (inputs and corpus): units read, pairs kept (written), rows written, exclusions by
 * reason, negatives per written row, and the cosines of written positives and negatives. Merged across tasks.
 */
public final class MiningCounts implements Serializable {

    /** Per source. */
    public static final class Source implements Serializable {
        public long read;
        public long kept;
        public long rows;
        public final Map<String, Long> excluded = new TreeMap<>();
        public final long[] negativesPerRow;
        public final ScoreHistogram posScores = new ScoreHistogram();
        public final ScoreHistogram negScores = new ScoreHistogram();

        Source(int maxNegatives) {
            negativesPerRow = new long[maxNegatives + 1];
        }

        public long excludedTotal() {
            return excluded.values().stream().mapToLong(Long::longValue).sum();
        }

        void merge(Source o) {
            read += o.read;
            kept += o.kept;
            rows += o.rows;
            o.excluded.forEach((k, v) -> excluded.merge(k, v, Long::sum));
            for (int i = 0; i < negativesPerRow.length; i++) {
                negativesPerRow[i] += o.negativesPerRow[i];
            }
            posScores.merge(o.posScores);
            negScores.merge(o.negScores);
        }
    }

    private final Source[] sources;

    public MiningCounts(int sourceCount, int maxNegatives) {
        sources = new Source[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            sources[i] = new Source(maxNegatives);
        }
    }

    public Source source(int i) {
        return sources[i];
    }

    public int size() {
        return sources.length;
    }

    public MiningCounts exclude(int source, String reason, long n) {
        sources[source].excluded.merge(reason, n, Long::sum);
        return this;
    }

    /** Books a row's outcome: kept pairs, negatives, scores and its exclusions. */
    public MiningCounts add(RowOutcome o) {
        Source s = sources[o.source()];
        for (MiningExclusion e : o.exclusions()) {
            s.excluded.merge(e.reason(), 1L, Long::sum);
        }
        for (MinedRow r : o.decision().rows()) {
            s.rows++;
            s.kept += r.positives().size();
            s.negativesPerRow[r.negatives().size()]++;
            r.positives().forEach(p -> s.posScores.add(p.score()));
            r.negatives().forEach(n -> s.negScores.add(n.score()));
        }
        return this;
    }

    public MiningCounts merge(MiningCounts o) {
        for (int i = 0; i < sources.length; i++) {
            sources[i].merge(o.sources[i]);
        }
        return this;
    }
}
