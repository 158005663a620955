package io.github.gtespark.mine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hard-negative and consistency rules, on given scores (no search, no Spark).
 *
 * <p>For a query with positives P:
 * <ol>
 *   <li><b>Consistency</b> ({@code consistencyTopK = K > 0}; E5 and nomic-embed use K = 2): a positive is kept only
 *       when its rank among all pool documents ({@link ScoredPositive#poolRank()}) is at most K; the others are
 *       {@code inconsistent}. With K = 0 every positive is kept. Without a kept positive there is nothing to mine.</li>
 *   <li><b>Candidates</b>: the pool documents, in ranking order (cosine descending, ties by text), that are not in P
 *       and whose normalised text ({@link NormalizedText}) differs from that of every text in P (all of P, also the
 *       inconsistent positives: they are still positives of the query). Candidate ranks are 1-based.</li>
 *   <li><b>Eligible</b>: a candidate whose cosine is {@code <= m - absoluteMargin},
 *       {@code <= (1 - relativeMargin) * m} and {@code <= maxScore}, each only when given (non-null), where m is
 *       the smallest cosine of a kept positive ({@link NegativesPer#QUERY}) or the cosine of the positive the
 *       negatives are for ({@link NegativesPer#POSITIVE}: the window and the selection below run once per kept
 *       positive), compared in double.</li>
 *   <li><b>Window</b>: the eligible candidates at candidate ranks {@code <= rangeMax}, without the first
 *       {@code rangeMin} candidates ({@link RangeMinCount#CANDIDATES}: ranks {@code rangeMin + 1 .. rangeMax}) or
 *       without the first {@code rangeMin} eligible candidates ({@link RangeMinCount#ELIGIBLE}, as
 *       sentence-transformers).</li>
 *   <li><b>Selection</b>: {@link Sampling#TOP} takes the first {@code numNegatives} windowed candidates by rank;
 *       {@link Sampling#RANDOM} draws {@code numNegatives} of them uniformly ({@link SeededSampler}, seeded with
 *       {@code seed} and the query, per positive also with the positive's text), listed in rank order.</li>
 * </ol>
 * Under {@link NegativesPer#QUERY} the kept positives and the selected negatives form one row; under
 * {@link NegativesPer#POSITIVE} each kept positive forms a row with its own negatives. Kept positives without a
 * selected negative are excluded ({@code no-negative}).
 *
 * <p>The caller passes the head of the pool ranking, long enough to hold {@code rangeMax} candidates: at least
 * {@code rangeMax} plus the number of pool documents that P excludes (or the whole pool).
 * References: sentence-transformers' {@code mine_hard_negatives} (margins, max score, range, sampling),
 * Wang et al. 2022 (E5) and Nussbaum et al. 2024 (nomic-embed) for the consistency filter.
 */
public final class MiningRules implements Serializable {

    private final int numNegatives;
    private final int rangeMin;
    private final int rangeMax;
    private final RangeMinCount rangeMinCount;
    private final Double absoluteMargin;
    private final Double relativeMargin;
    private final Double maxScore;
    private final Sampling sampling;
    private final long seed;
    private final int consistencyTopK;
    private final NegativesPer negativesPer;

    public MiningRules(
            int numNegatives,
            int rangeMin,
            int rangeMax,
            RangeMinCount rangeMinCount,
            Double absoluteMargin,
            Double relativeMargin,
            Double maxScore,
            Sampling sampling,
            long seed,
            int consistencyTopK,
            NegativesPer negativesPer) {
        if (numNegatives < 1
                || rangeMin < 0
                || rangeMax <= rangeMin
                || rangeMinCount == null
                || negativesPer == null
                || consistencyTopK < 0
                || (absoluteMargin != null && absoluteMargin < 0)
                || (relativeMargin != null && relativeMargin < 0)) {
            throw new IllegalArgumentException("invalid mining rules");
        }
        this.numNegatives = numNegatives;
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
        this.rangeMinCount = rangeMinCount;
        this.absoluteMargin = absoluteMargin;
        this.relativeMargin = relativeMargin;
        this.maxScore = maxScore;
        this.sampling = sampling;
        this.seed = seed;
        this.consistencyTopK = consistencyTopK;
        this.negativesPer = negativesPer;
    }

    public static MiningRules of(MiningSettings s) {
        return new MiningRules(
                s.numNegatives(),
                s.rangeMin(),
                s.rangeMax(),
                s.rangeMinCount(),
                s.absoluteMargin(),
                s.relativeMargin(),
                s.maxScore(),
                s.sampling(),
                s.seed(),
                s.consistencyTopK(),
                s.negativesPer());
    }

    /** How far the pool ranking must reach for a query whose positives exclude {@code excludedByPositives} pool documents. */
    public int rankingDepth(long excludedByPositives, long poolSize) {
        return (int) Math.min(poolSize, rangeMax + excludedByPositives);
    }

    public boolean consistencyFilter() {
        return consistencyTopK > 0;
    }

    /**
     * @param query     the query text (seeds the random sampling)
     * @param positives P, with cosines (and pool ranks when the consistency filter is on)
     * @param ranking   the head of the pool ranking for the query, best first (see the class comment for its length)
     */
    public MiningDecision decide(String query, List<ScoredPositive> positives, List<RankedDocument> ranking) {
        List<ScoredPositive> kept = new ArrayList<>();
        List<ScoredPositive> inconsistent = new ArrayList<>();
        for (ScoredPositive p : positives) {
            if (consistencyTopK == 0 || (p.poolRank() >= 1 && p.poolRank() <= consistencyTopK)) {
                kept.add(p);
            } else {
                inconsistent.add(p);
            }
        }
        if (kept.isEmpty()) {
            return new MiningDecision(inconsistent, List.of(), List.of());
        }
        Set<String> texts = new HashSet<>();
        Set<String> normalized = new HashSet<>();
        for (ScoredPositive p : positives) {
            texts.add(p.text());
            normalized.add(NormalizedText.of(p.text()));
        }
        List<MinedRow> rows = new ArrayList<>();
        List<ScoredPositive> noNegative = new ArrayList<>();
        if (negativesPer == NegativesPer.QUERY) {
            double minPositive = Double.POSITIVE_INFINITY;
            for (ScoredPositive p : kept) {
                minPositive = Math.min(minPositive, p.score());
            }
            List<MinedNegative> chosen = select(query, minPositive, texts, normalized, ranking);
            if (chosen.isEmpty()) {
                noNegative.addAll(kept);
            } else {
                rows.add(new MinedRow(kept, chosen));
            }
        } else {
            for (ScoredPositive p : kept) {
                // each positive draws its own random sample (seeded with the query and the positive)
                List<MinedNegative> chosen = select(query + "\u0000" + p.text(), p.score(), texts, normalized, ranking);
                if (chosen.isEmpty()) {
                    noNegative.add(p);
                } else {
                    rows.add(new MinedRow(List.of(p), chosen));
                }
            }
        }
        return new MiningDecision(inconsistent, rows, noNegative);
    }

    /**
     * The window and the selection against the reference cosine {@code m}: the candidates of {@code ranking} (not a
     * positive's text, exact or normalised) that pass the thresholds, without the first {@code rangeMin}, then the
     * first {@code numNegatives} of them or a seeded sample ({@code sampleKey} seeds it).
     */
    private List<MinedNegative> select(
            String sampleKey, double m, Set<String> texts, Set<String> normalized, List<RankedDocument> ranking) {
        double limit = Double.POSITIVE_INFINITY;
        if (absoluteMargin != null) {
            limit = Math.min(limit, m - absoluteMargin);
        }
        if (relativeMargin != null) {
            limit = Math.min(limit, (1 - relativeMargin) * m);
        }
        if (maxScore != null) {
            limit = Math.min(limit, maxScore);
        }
        List<MinedNegative> windowed = new ArrayList<>();
        int rank = 0;
        int skippedEligible = 0;
        for (RankedDocument d : ranking) {
            if (texts.contains(d.text()) || normalized.contains(NormalizedText.of(d.text()))) {
                continue;
            }
            rank++;
            if (rank > rangeMax) {
                break;
            }
            if (rangeMinCount == RangeMinCount.CANDIDATES && rank <= rangeMin) {
                continue;
            }
            if ((double) d.score() > limit) {
                continue;
            }
            if (rangeMinCount == RangeMinCount.ELIGIBLE && skippedEligible < rangeMin) {
                skippedEligible++;
                continue;
            }
            windowed.add(new MinedNegative(d.text(), d.score(), rank));
            if (sampling == Sampling.TOP && windowed.size() == numNegatives) {
                break;
            }
        }
        if (sampling == Sampling.TOP || windowed.size() <= numNegatives) {
            return List.copyOf(windowed);
        }
        List<MinedNegative> chosen = new ArrayList<>(numNegatives);
        for (int i : SeededSampler.sample(windowed.size(), numNegatives, seed, sampleKey)) {
            chosen.add(windowed.get(i));
        }
        return List.copyOf(chosen);
    }
}
