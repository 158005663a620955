package io.github.gtespark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The improved contrastive loss of GTE (Li et al. 2023, "Towards General Text Embeddings with Multi-stage
 * Contrastive Learning", arXiv:2308.03281, eq. 4): InfoNCE whose partition function also contains the
 * query-query, document-query and document-document similarities of the batch.
 *
 * <pre>
 *   L   = -1/n sum_i log( exp(s(q_i, d_i)) / Z_i ),      s(a, b) = cos(a, b) / tau
 *   Z_i = sum_j      exp(s(q_i, D_j))      q-d: over the whole document pool D = {d_1..d_n} + all hard negatives
 *       + sum_{j!=i} exp(s(q_i, q_j))      q-q
 *       + sum_j      exp(s(q_j, d_i))      d-q: q_j vs d_i over all j (j = i is the positive, counted again, as in the paper)
 *       + sum_{j!=i} exp(s(d_i, d_j))      d-d: against the other pairs' positive documents
 * </pre>
 *
 * <p><b>Hard negatives.</b> Pair i brings k hard-negative documents (rows {@code i*k..i*k+k-1} of
 * {@code negatives}); they join the document pool of the q-d term for <em>every</em> query (as in GTE's code and
 * sentence-transformers' MultipleNegativesRankingLoss). They never enter the q-q and d-q terms: those terms run over
 * queries, and negatives have no query. By default ({@code negativesInDocumentTerm = false}, GTE's choice) they do
 * not enter the d-d term either. With {@code negativesInDocumentTerm = true} the d-d term of pair i also runs over
 * the hard negatives of the <em>other</em> pairs (d_i vs its own negatives is excluded: they are near-duplicates
 * by construction).
 *
 * <p><b>Term switches.</b> Each extra term of Z_i can be switched off ({@code queryQuery}, {@code docQuery},
 * {@code docDoc}; all on by default, settings {@code train.improved.query-query | doc-query | doc-doc}); the q-d term
 * always stays. With all three off the loss is exactly {@link InfoNceLoss} (same tau). Switching d-d off also drops
 * the hard negatives of {@code negativesInDocumentTerm}.
 *
 * <p><b>Duplicates.</b> Texts equal to one of pair i's texts (equal hash, see {@link DuplicateMask}) are removed
 * from every term of Z_i, except the positive terms s(q_i, d_i) themselves; absent negative slots are removed
 * everywhere.
 *
 * <p>Computed stably (log-sum-exp from the row maximum) in blocks of anchor rows, so memory grows linearly with n
 * for a fixed block size. Gradients are analytic and include the L2 normalisation. Default tau = 0.01 (the paper).
 *
 * <p>References: GTE paper above; sentence-transformers {@code MultipleNegativesRankingLoss} (layout of the
 * document pool with hard negatives); van den Oord et al. 2018 (InfoNCE).
 */
public final class ImprovedContrastiveLoss implements ContrastiveLoss {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_TEMPERATURE = 0.01;

    @JsonProperty("temperature")
    private final double temperature;

    @JsonProperty("negativesInDocumentTerm")
    private final boolean negativesInDocumentTerm;

    @JsonProperty("queryQuery")
    private final boolean queryQuery;

    @JsonProperty("docQuery")
    private final boolean docQuery;

    @JsonProperty("docDoc")
    private final boolean docDoc;

    /** tau = 0.01, hard negatives in the q-d term only, all terms on. */
    public ImprovedContrastiveLoss() {
        this(DEFAULT_TEMPERATURE, false);
    }

    /** All terms on. */
    public ImprovedContrastiveLoss(double temperature, boolean negativesInDocumentTerm) {
        this(temperature, negativesInDocumentTerm, true, true, true);
    }

    public ImprovedContrastiveLoss(
            double temperature, boolean negativesInDocumentTerm, boolean queryQuery, boolean docQuery, boolean docDoc) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
        this.negativesInDocumentTerm = negativesInDocumentTerm;
        this.queryQuery = queryQuery;
        this.docQuery = docQuery;
        this.docDoc = docDoc;
    }

    /** JSON (DL4J configurations): a switch missing from older JSON is on, as it was before switches existed. */
    @JsonCreator
    static ImprovedContrastiveLoss fromJson(
            @JsonProperty("temperature") double temperature,
            @JsonProperty("negativesInDocumentTerm") boolean negativesInDocumentTerm,
            @JsonProperty("queryQuery") Boolean queryQuery,
            @JsonProperty("docQuery") Boolean docQuery,
            @JsonProperty("docDoc") Boolean docDoc) {
        return new ImprovedContrastiveLoss(
                temperature,
                negativesInDocumentTerm,
                queryQuery == null || queryQuery,
                docQuery == null || docQuery,
                docDoc == null || docDoc);
    }

    @Override
    public double temperature() {
        return temperature;
    }

    public boolean negativesInDocumentTerm() {
        return negativesInDocumentTerm;
    }

    public boolean queryQuery() {
        return queryQuery;
    }

    public boolean docQuery() {
        return docQuery;
    }

    public boolean docDoc() {
        return docDoc;
    }

    /** {@code improved(qq,dq,dd)}: the extra terms of Z_i that are on ({@code improved()} when none is). */
    @Override
    public String label() {
        java.util.List<String> on = new java.util.ArrayList<>();
        if (queryQuery) {
            on.add("qq");
        }
        if (docQuery) {
            on.add("dq");
        }
        if (docDoc) {
            on.add("dd");
        }
        return "improved(" + String.join(",", on) + ")";
    }

    @Override
    public LossAndGradients compute(INDArray queries, INDArray docs, INDArray negatives, DuplicateMask mask) {
        BatchEmbeddings e = new BatchEmbeddings(queries, docs, negatives, mask);
        int n = e.n;
        int k = e.k;
        boolean negInDd = docDoc && negativesInDocumentTerm && k > 0;
        INDArray ddPool = negInDd ? e.docPool : e.positives;
        INDArray gradDdPool = negInDd ? e.gradDocPool : e.gradPositives;
        double invTau = 1.0 / temperature;
        double scale = 1.0 / (n * temperature);
        long columns = n + e.m + (queryQuery ? n : 0) + (docQuery ? n : 0) + (docDoc ? ddPool.rows() : 0);
        int block = e.rowsPerBlock(columns);
        double total = 0;
        INDArray qdBuffer = e.blockBuffer(block, e.docPool.rows());
        INDArray qqBuffer = queryQuery ? e.blockBuffer(block, n) : null;
        INDArray dqBuffer = docQuery ? e.blockBuffer(block, n) : null;
        INDArray ddBuffer = docDoc ? e.blockBuffer(block, ddPool.rows()) : null;
        java.util.List<INDArray> terms = new java.util.ArrayList<>(4);
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            INDArray qb = e.rows(e.q, r0, r1);
            INDArray db = e.rows(e.positives, r0, r1);
            INDArray qd = BatchEmbeddings.logits(qb, e.docPool, qdBuffer, invTau); // s(q_i, D_j)
            INDArray qq = queryQuery ? BatchEmbeddings.logits(qb, e.q, qqBuffer, invTau) : null; // s(q_i, q_j)
            INDArray dq = docQuery ? BatchEmbeddings.logits(db, e.q, dqBuffer, invTau) : null; // s(q_j, d_i)
            INDArray dd =
                    docDoc ? BatchEmbeddings.logits(db, ddPool, ddBuffer, invTau) : null; // s(d_i, d_j) [+ negatives]
            INDArray positive = e.diagonal(qd, r0);
            e.excludeAbsentNegatives(qd);
            if (negInDd) {
                e.excludeAbsentNegatives(dd);
            }
            for (int i = r0; i < r1; i++) {
                int row = i - r0;
                if (qq != null) {
                    BatchEmbeddings.exclude(qq, row, i);
                }
                if (dd != null) {
                    BatchEmbeddings.exclude(dd, row, i);
                }
                if (negInDd) {
                    for (int j = 0; j < k; j++) {
                        BatchEmbeddings.exclude(dd, row, n + i * k + j);
                    }
                }
                for (int j : mask.queriesSharingTextWith(i)) {
                    if (j != i) {
                        if (qq != null) {
                            BatchEmbeddings.exclude(qq, row, j);
                        }
                        if (dq != null) {
                            BatchEmbeddings.exclude(dq, row, j);
                        }
                    }
                }
                for (int j : mask.docsSharingTextWith(i)) {
                    if (j != i) {
                        BatchEmbeddings.exclude(qd, row, j);
                        if (dd != null) {
                            BatchEmbeddings.exclude(dd, row, j);
                        }
                    }
                }
                for (int r : mask.negativesSharingTextWith(i)) {
                    BatchEmbeddings.exclude(qd, row, n + r);
                    if (negInDd) {
                        BatchEmbeddings.exclude(dd, row, n + r);
                    }
                }
            }
            terms.clear();
            terms.add(qd);
            for (INDArray t : new INDArray[] {qq, dq, dd}) {
                if (t != null) {
                    terms.add(t);
                }
            }
            total += LogSumExpRows.softmaxInPlace(positive, terms.toArray(new INDArray[0]));
            for (int i = r0; i < r1; i++) {
                qd.putScalar(i - r0, i, qd.getDouble(i - r0, i) - 1.0);
            }
            for (INDArray t : terms) {
                t.muli(scale);
            }
            // d/dQ: q-d and q-q rows, q-q columns, d-q columns (accumulated in place, no temporaries)
            BatchEmbeddings.accumulate(qd, e.docPool, false, e.rows(e.gradQ, r0, r1));
            if (qq != null) {
                BatchEmbeddings.accumulate(qq, e.q, false, e.rows(e.gradQ, r0, r1));
                BatchEmbeddings.accumulate(qq, qb, true, e.gradQ);
            }
            if (dq != null) {
                BatchEmbeddings.accumulate(dq, db, true, e.gradQ);
            }
            // d/dD: q-d columns, d-q rows, d-d rows and columns
            BatchEmbeddings.accumulate(qd, qb, true, e.gradDocPool);
            if (dq != null) {
                BatchEmbeddings.accumulate(dq, e.q, false, e.rows(e.gradPositives, r0, r1));
            }
            if (dd != null) {
                BatchEmbeddings.accumulate(dd, ddPool, false, e.rows(e.gradPositives, r0, r1));
                BatchEmbeddings.accumulate(dd, db, true, gradDdPool);
            }
            BatchEmbeddings.free(positive);
        }
        BatchEmbeddings.free(qdBuffer, qqBuffer, dqBuffer, ddBuffer);
        return e.result(total / n);
    }

    @Override
    public String toString() {
        return "ImprovedContrastiveLoss(tau=" + temperature + ", negativesInDocumentTerm=" + negativesInDocumentTerm
                + ", queryQuery=" + queryQuery + ", docQuery=" + docQuery + ", docDoc=" + docDoc + ")";
    }
}
