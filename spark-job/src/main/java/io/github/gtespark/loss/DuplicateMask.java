package io.github.gtespark.loss;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which texts of a batch are the same text (equal hash) and which hard-negative slots hold no text, so that a
 * {@link ContrastiveLoss} never uses a copy of a pair's own texts as one of its negatives.
 *
 * <p>Pair i owns the texts T_i = {hash(q_i), hash(d_i)}. In every term of the partition function Z_i, a candidate
 * text (another query, another document, or a hard negative) whose hash is in T_i is excluded; the positive terms
 * s(q_i, d_i) themselves are always kept. Hashes come from the batch layout of {@code docs/dev/contracts.md}
 * ({@code labels[0]} = {@code [n, 2+k]}: query hash, doc hash, k negative hashes, as doubles); equal double value =
 * same text. A negative slot is <em>absent</em> when the pair has fewer than k hard negatives (its token mask row is
 * all zero); absent slots take no part in the loss and get a zero gradient.
 *
 * <p>The mask also carries the other per-pair labels of the batch that a loss may need: the gold score of every pair
 * ({@code labels[1]} {@code [n, 1]} of the batch layout), present only when the corpus was prepared with a score
 * column ({@code #score=COLUMN}); {@link CoSentLoss} needs it, the other losses ignore it.
 */
public final class DuplicateMask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] queryHashes;
    private final double[] docHashes;
    private final double[] negativeHashes;
    private final boolean[] negativePresent;
    private final int negativesPerPair;
    /** gold score of each pair, or null when the batch has none */
    private final double[] scores;

    private transient Map<Double, Slots> slotsByHash;

    private DuplicateMask(
            double[] queryHashes,
            double[] docHashes,
            double[] negativeHashes,
            boolean[] negativePresent,
            int negativesPerPair,
            double[] scores) {
        int n = queryHashes.length;
        if (docHashes.length != n) {
            throw new IllegalArgumentException(
                    "query hashes (" + n + ") and doc hashes (" + docHashes.length + ") differ in length");
        }
        if (negativesPerPair < 0) {
            throw new IllegalArgumentException("negativesPerPair must be >= 0, got " + negativesPerPair);
        }
        if (negativeHashes.length != (long) n * negativesPerPair || negativePresent.length != negativeHashes.length) {
            throw new IllegalArgumentException(
                    "expected " + (long) n * negativesPerPair + " negative hashes and presence flags, got "
                            + negativeHashes.length + " and " + negativePresent.length);
        }
        if (scores != null && scores.length != n) {
            throw new IllegalArgumentException("expected " + n + " pair scores, got " + scores.length);
        }
        this.queryHashes = queryHashes;
        this.scores = scores;
        this.docHashes = docHashes;
        this.negativeHashes = negativeHashes;
        this.negativePresent = negativePresent;
        this.negativesPerPair = negativesPerPair;
    }

    /**
     * @param queryHashes     hash of q_i, length n
     * @param docHashes       hash of d_i, length n
     * @param negativeHashes  hash of negative {@code i*k + j}, length n*k (ignored where absent)
     * @param negativePresent whether negative slot {@code i*k + j} holds a text, length n*k
     * @param negativesPerPair k
     */
    public static DuplicateMask of(
            double[] queryHashes,
            double[] docHashes,
            double[] negativeHashes,
            boolean[] negativePresent,
            int negativesPerPair) {
        return new DuplicateMask(
                queryHashes.clone(),
                docHashes.clone(),
                negativeHashes.clone(),
                negativePresent.clone(),
                negativesPerPair,
                null);
    }

    /**
     * This mask with the gold score of every pair ({@code scores[i]} for pair i, length n), as a scored corpus gives
     * them; {@code null} removes them.
     */
    public DuplicateMask withScores(double[] scores) {
        return new DuplicateMask(
                queryHashes,
                docHashes,
                negativeHashes,
                negativePresent,
                negativesPerPair,
                scores == null ? null : scores.clone());
    }

    /** A batch of n pairs with k present negatives each and no two equal texts. */
    public static DuplicateMask distinctTexts(int pairs, int negativesPerPair) {
        int m = pairs * negativesPerPair;
        double[] q = new double[pairs];
        double[] d = new double[pairs];
        double[] neg = new double[m];
        for (int i = 0; i < pairs; i++) {
            q[i] = i;
            d[i] = pairs + i;
        }
        for (int r = 0; r < m; r++) {
            neg[r] = 2.0 * pairs + r;
        }
        boolean[] present = new boolean[m];
        Arrays.fill(present, true);
        return new DuplicateMask(q, d, neg, present, negativesPerPair, null);
    }

    /**
     * From the labels of the batch layout: {@code labels} {@code [n, 2+k]}; {@code negativeTokenMask}
     * {@code [n*k, L]} (a slot is present when its row has at least one real token), or {@code null} when every
     * negative slot is present.
     */
    public static DuplicateMask fromLabels(INDArray labels, INDArray negativeTokenMask) {
        if (labels == null || labels.rank() != 2 || labels.columns() < 2) {
            throw new IllegalArgumentException("labels must be [n, 2+k] (query hash, doc hash, k negative hashes), got "
                    + (labels == null ? "null" : Arrays.toString(labels.shape())));
        }
        int n = (int) labels.rows();
        int k = (int) labels.columns() - 2;
        double[][] rows = labels.toDoubleMatrix();
        double[] q = new double[n];
        double[] d = new double[n];
        double[] neg = new double[n * k];
        for (int i = 0; i < n; i++) {
            q[i] = rows[i][0];
            d[i] = rows[i][1];
            for (int j = 0; j < k; j++) {
                neg[i * k + j] = rows[i][2 + j];
            }
        }
        boolean[] present = new boolean[n * k];
        if (negativeTokenMask == null) {
            Arrays.fill(present, true);
        } else {
            if (negativeTokenMask.rows() != (long) n * k) {
                throw new IllegalArgumentException("negative token mask has " + negativeTokenMask.rows()
                        + " rows, expected n*k = " + (long) n * k);
            }
            double[] tokens = negativeTokenMask.sum(1).toDoubleVector();
            for (int r = 0; r < present.length; r++) {
                present[r] = tokens[r] > 0;
            }
        }
        return new DuplicateMask(q, d, neg, present, k, null);
    }

    /**
     * {@link #fromLabels(INDArray, INDArray)} with the gold scores of the pairs: {@code scores} {@code [n, 1]} (or
     * {@code [n]}), {@code null} when the batch has none.
     */
    public static DuplicateMask fromLabels(INDArray labels, INDArray negativeTokenMask, INDArray scores) {
        DuplicateMask mask = fromLabels(labels, negativeTokenMask);
        if (scores == null) {
            return mask;
        }
        if (scores.length() != mask.pairs()) {
            throw new IllegalArgumentException(
                    "scores must be [n, 1] with n = " + mask.pairs() + ", got " + Arrays.toString(scores.shape()));
        }
        return mask.withScores(scores.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .reshape(mask.pairs())
                .toDoubleVector());
    }

    /** Whether the batch carries a gold score for its pairs. */
    public boolean hasScores() {
        return scores != null;
    }

    /** The gold score of pair i; only when {@link #hasScores()}. */
    public double score(int pair) {
        if (scores == null) {
            throw new IllegalStateException("this batch carries no pair scores");
        }
        return scores[pair];
    }

    public int pairs() {
        return queryHashes.length;
    }

    public int negativesPerPair() {
        return negativesPerPair;
    }

    public boolean negativePresent(int slot) {
        return negativePresent[slot];
    }

    public double queryHash(int i) {
        return queryHashes[i];
    }

    public double docHash(int i) {
        return docHashes[i];
    }

    public double negativeHash(int slot) {
        return negativeHashes[slot];
    }

    /** Indices j of queries whose text is one of pair i's texts (j = i included). */
    public int[] queriesSharingTextWith(int pair) {
        return collect(pair, Kind.QUERY);
    }

    /** Indices j of positive documents whose text is one of pair i's texts (j = i included). */
    public int[] docsSharingTextWith(int pair) {
        return collect(pair, Kind.DOC);
    }

    /** Present negative slots whose text is one of pair i's texts. */
    public int[] negativesSharingTextWith(int pair) {
        return collect(pair, Kind.NEGATIVE);
    }

    private enum Kind {
        QUERY,
        DOC,
        NEGATIVE
    }

    private static final class Slots {
        final List<Integer> queries = new ArrayList<>(1);
        final List<Integer> docs = new ArrayList<>(1);
        final List<Integer> negatives = new ArrayList<>(0);

        List<Integer> of(Kind kind) {
            return switch (kind) {
                case QUERY -> queries;
                case DOC -> docs;
                case NEGATIVE -> negatives;
            };
        }
    }

    private int[] collect(int pair, Kind kind) {
        Map<Double, Slots> index = index();
        double a = queryHashes[pair];
        double b = docHashes[pair];
        List<Integer> out =
                new ArrayList<>(index.get(a) == null ? List.of() : index.get(a).of(kind));
        if (Double.compare(a, b) != 0 && index.get(b) != null) {
            out.addAll(index.get(b).of(kind));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private Map<Double, Slots> index() {
        if (slotsByHash == null) {
            Map<Double, Slots> map = new HashMap<>();
            for (int i = 0; i < queryHashes.length; i++) {
                map.computeIfAbsent(queryHashes[i], h -> new Slots()).queries.add(i);
                map.computeIfAbsent(docHashes[i], h -> new Slots()).docs.add(i);
            }
            for (int r = 0; r < negativeHashes.length; r++) {
                if (negativePresent[r]) {
                    map.computeIfAbsent(negativeHashes[r], h -> new Slots())
                            .negatives
                            .add(r);
                }
            }
            slotsByHash = map;
        }
        return slotsByHash;
    }
}
