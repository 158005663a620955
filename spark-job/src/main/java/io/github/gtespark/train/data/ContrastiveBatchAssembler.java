package io.github.gtespark.train.data;

import io.github.gtespark.device.NativeVariantSelection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the rows of one shard batch into the training {@code MultiDataSet} of docs/dev/contracts.md: token ids
 * padded with {@code [PAD]}=0, masks 1/0, hard negatives as a third input {@code [N*k, L]} (row {@code i*k+j} = j-th
 * negative of pair i) and the text hashes as labels {@code [N, 2+k]}; when the rows carry gold scores (a scored
 * corpus) a second label array {@code [N, 1]} holds them. The padded length of each input follows the
 * {@link SequencePadding}: the stage's max length L, or (dynamic padding) the longest sequence of that input in the
 * batch, so queries, documents and negatives may have different lengths.
 *
 * <p>Bad input is a clear error naming the batch: a wrong number of rows, a gap in positions, a sequence longer
 * than L, pairs with different numbers of negatives, a batch in which some pairs have a score and others not.
 */
public final class ContrastiveBatchAssembler implements Serializable {

    private static final long serialVersionUID = 1L;

    static {
        NativeVariantSelection.selectForThisJvm();
    } // executors: choose the ND4J native build before its first use here

    private final int batchSize;
    private final SequencePadding padding;
    private final boolean useHardNegatives;
    private final DataType idType;

    /** Every batch padded to {@code maxLength} ({@link SequencePadding#fixed}). */
    public ContrastiveBatchAssembler(int batchSize, int maxLength, boolean useHardNegatives, DataType idType) {
        this(batchSize, SequencePadding.fixed(maxLength), useHardNegatives, idType);
    }

    /**
     * @param batchSize        N, the exact number of rows every batch must have
     * @param padding          the padded length of each input (L, or the batch's longest sequence)
     * @param useHardNegatives false in pre-training: negatives in the shards are ignored
     * @param idType           floating type of the id and mask arrays (the encoder's data type)
     */
    public ContrastiveBatchAssembler(
            int batchSize, SequencePadding padding, boolean useHardNegatives, DataType idType) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.batchSize = batchSize;
        this.padding = java.util.Objects.requireNonNull(padding, "padding");
        this.useHardNegatives = useHardNegatives;
        this.idType = idType;
    }

    public StepTaggedBatch assemble(List<PairRow> rows, long globalStep, int workerSlot) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("empty batch for step " + globalStep);
        }
        long batchId = rows.get(0).batchId();
        if (rows.size() != batchSize) {
            throw new IllegalArgumentException("batch " + batchId + " has " + rows.size() + " rows, the manifest says "
                    + batchSize + " (every batch must have exactly batch_size rows)");
        }
        List<PairRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(PairRow::position));
        for (int i = 0; i < sorted.size(); i++) {
            PairRow r = sorted.get(i);
            if (r.position() != i || r.batchId() != batchId) {
                throw new IllegalArgumentException("batch " + batchId + ": expected position " + i + ", found batch "
                        + r.batchId() + " position " + r.position());
            }
        }
        int k = useHardNegatives ? sorted.get(0).negIds().length : 0;
        for (PairRow r : sorted) {
            if (useHardNegatives && r.negIds().length != k) {
                throw new IllegalArgumentException(
                        "batch " + batchId + ": pair " + r.position() + " has " + r.negIds().length
                                + " hard negatives, pair 0 has " + k + " (a batch needs the same k per pair)");
            }
            if (useHardNegatives && r.negHashes().length != r.negIds().length) {
                throw new IllegalArgumentException("batch " + batchId + ": pair " + r.position() + " has "
                        + r.negIds().length + " negatives but " + r.negHashes().length + " negative hashes");
            }
        }
        int n = sorted.size();
        int longestQuery = 0;
        int longestDoc = 0;
        int longestNegative = 0;
        for (int i = 0; i < n; i++) {
            PairRow r = sorted.get(i);
            longestQuery = Math.max(longestQuery, checkedLength(r.queryIds(), batchId, i, "query"));
            longestDoc = Math.max(longestDoc, checkedLength(r.docIds(), batchId, i, "document"));
            for (int j = 0; j < k; j++) {
                longestNegative = Math.max(longestNegative, checkedLength(r.negIds()[j], batchId, i, "negative " + j));
            }
        }
        int queryLength = padding.lengthFor(longestQuery);
        int docLength = padding.lengthFor(longestDoc);
        int negativeLength = k > 0 ? padding.lengthFor(longestNegative) : 0;
        float[][] q = new float[n][];
        float[][] qm = new float[n][];
        float[][] d = new float[n][];
        float[][] dm = new float[n][];
        float[][] neg = new float[n * k][];
        float[][] negm = new float[n * k][];
        double[][] hashes = new double[n][2 + k];
        for (int i = 0; i < n; i++) {
            PairRow r = sorted.get(i);
            q[i] = pad(r.queryIds(), queryLength);
            qm[i] = mask(r.queryIds().length, queryLength);
            d[i] = pad(r.docIds(), docLength);
            dm[i] = mask(r.docIds().length, docLength);
            hashes[i][0] = r.queryHash();
            hashes[i][1] = r.docHash();
            for (int j = 0; j < k; j++) {
                neg[i * k + j] = pad(r.negIds()[j], negativeLength);
                negm[i * k + j] = mask(r.negIds()[j].length, negativeLength);
                hashes[i][2 + j] = r.negHashes()[j];
            }
        }
        INDArray[] features;
        INDArray[] masks;
        if (k > 0) {
            features = new INDArray[] {array(q), array(d), array(neg)};
            masks = new INDArray[] {array(qm), array(dm), array(negm)};
        } else {
            features = new INDArray[] {array(q), array(d)};
            masks = new INDArray[] {array(qm), array(dm)};
        }
        INDArray labels = Nd4j.createFromArray(hashes).castTo(DataType.DOUBLE);
        long scored = sorted.stream().filter(PairRow::hasScore).count();
        if (scored > 0 && scored < n) {
            throw new IllegalArgumentException("batch " + batchId + ": " + scored + " of " + n
                    + " pairs have a score (a batch is scored entirely or not at all)");
        }
        INDArray[] allLabels = {labels};
        if (scored == n) {
            double[][] scores = new double[n][1];
            for (int i = 0; i < n; i++) {
                scores[i][0] = sorted.get(i).score();
            }
            allLabels = new INDArray[] {labels, Nd4j.createFromArray(scores)};
        }
        return new StepTaggedBatch(features, allLabels, masks, globalStep, workerSlot, batchId);
    }

    private INDArray array(float[][] rows) {
        return Nd4j.createFromArray(rows).castTo(idType);
    }

    /** The number of tokens of one sequence, which must be 1..L. */
    private int checkedLength(int[] ids, long batchId, int position, String what) {
        if (ids.length == 0 || ids.length > padding.maxLength()) {
            throw new IllegalArgumentException("batch " + batchId + " pair " + position + ": " + what + " has "
                    + ids.length + " tokens, allowed 1.." + padding.maxLength() + " (stage max length)");
        }
        return ids.length;
    }

    private static float[] pad(int[] ids, int length) {
        float[] out = new float[length];
        for (int t = 0; t < ids.length; t++) {
            out[t] = ids[t];
        }
        return out;
    }

    private static float[] mask(int tokens, int length) {
        float[] out = new float[length];
        for (int t = 0; t < tokens; t++) {
            out[t] = 1f;
        }
        return out;
    }
}
