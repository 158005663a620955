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
 * padded with {@code [PAD]}=0 to the stage's max length L, masks 1/0, hard negatives as a third input
 * {@code [N*k, L]} (row {@code i*k+j} = j-th negative of pair i) and the text hashes as labels {@code [N, 2+k]};
 * when the rows carry gold scores (a scored corpus) a second label array {@code [N, 1]} holds them.
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
    private final int maxLength;
    private final boolean useHardNegatives;
    private final DataType idType;

    /**
     * @param batchSize        N, the exact number of rows every batch must have
     * @param maxLength        L, the padded length
     * @param useHardNegatives false in pre-training: negatives in the shards are ignored
     * @param idType           floating type of the id and mask arrays (the encoder's data type)
     */
    public ContrastiveBatchAssembler(int batchSize, int maxLength, boolean useHardNegatives, DataType idType) {
        if (batchSize <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("batch size and max length must be positive");
        }
        this.batchSize = batchSize;
        this.maxLength = maxLength;
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
        float[][] q = new float[n][];
        float[][] qm = new float[n][];
        float[][] d = new float[n][];
        float[][] dm = new float[n][];
        float[][] neg = new float[n * k][];
        float[][] negm = new float[n * k][];
        double[][] hashes = new double[n][2 + k];
        for (int i = 0; i < n; i++) {
            PairRow r = sorted.get(i);
            q[i] = pad(r.queryIds(), batchId, i, "query");
            qm[i] = mask(r.queryIds().length);
            d[i] = pad(r.docIds(), batchId, i, "document");
            dm[i] = mask(r.docIds().length);
            hashes[i][0] = r.queryHash();
            hashes[i][1] = r.docHash();
            for (int j = 0; j < k; j++) {
                neg[i * k + j] = pad(r.negIds()[j], batchId, i, "negative " + j);
                negm[i * k + j] = mask(r.negIds()[j].length);
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

    private float[] pad(int[] ids, long batchId, int position, String what) {
        if (ids.length == 0 || ids.length > maxLength) {
            throw new IllegalArgumentException("batch " + batchId + " pair " + position + ": " + what + " has "
                    + ids.length + " tokens, allowed 1.." + maxLength + " (stage max length)");
        }
        float[] out = new float[maxLength];
        for (int t = 0; t < ids.length; t++) {
            out[t] = ids[t];
        }
        return out;
    }

    private float[] mask(int length) {
        float[] out = new float[maxLength];
        for (int t = 0; t < length; t++) {
            out[t] = 1f;
        }
        return out;
    }
}
