package io.github.gtespark.train.step;

import io.github.gtespark.loss.ContrastiveLoss;
import io.github.gtespark.loss.DuplicateMask;
import io.github.gtespark.loss.LossAndGradients;
import io.github.gtespark.model.layers.ForwardOnlyTraining;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Gradient caching for a batch-level contrastive loss (Gao, Zhang, Han, Callan 2021, "Scaling Deep Contrastive
 * Learning Batch Size under Memory Limited Setup"; sentence-transformers {@code CachedMultipleNegativesRankingLoss}):
 * the parameter gradient of the loss over an effective batch of n pairs, computed with the activations of at most
 * {@code chunkSize} rows alive at a time.
 *
 * <ol>
 *   <li>Pass 1: every chunk of c rows (queries, then positive documents, then present hard negatives) is encoded by
 *       a training-mode forward (dropout on) whose activations are discarded; only the pooled embeddings are kept
 *       (inside {@link ForwardOnlyTraining}, so layers keep nothing for a backward pass).</li>
 *   <li>The loss and dL/d(embeddings) are computed on the whole batch.</li>
 *   <li>Pass 2: each chunk is encoded again in training mode and its slice of dL/d(embeddings) is back-propagated
 *       through the graph ({@link ComputationGraph#backpropGradient(INDArray...)}); the parameter gradients are
 *       summed.</li>
 * </ol>
 *
 * <p>Dropout masks of pass 2 equal those of pass 1: before each chunk's forward (in both passes) ND4J's random
 * generator of the calling thread is seeded with {@link #chunkSeed(long, long, int)} of (run seed, global step,
 * chunk index). All randomness therefore follows from (run seed, global step): a resumed run repeats the same
 * masks. Both passes must run on the same thread (ND4J's generator is per thread).
 *
 * <p>Memory: the activations of one chunk are alive at a time, plus the (2+k) n x h embeddings and their gradients,
 * plus the loss's logit blocks (bounded, see the losses). Dead native buffers of DL4J layers are only returned at
 * a garbage collection, which the small Java heap rarely triggers: after every chunk this class calls ND4J's
 * {@code MemoryManager.invokeGcOccasionally()}, so a job bounds the garbage with ND4J's own policy, e.g.
 * {@code Nd4j.getMemoryManager().setOccasionalGcFrequency(1); Nd4j.getMemoryManager().setAutoGcWindow(1000);}
 * (a {@code System.gc()} at most once per second). ND4J's default frequency 0 never collects.
 *
 * <p>The graph must follow the encoder contract of {@code docs/dev/contracts.md}: one input (token ids
 * {@code [b, L]} as floating point, feature mask {@code [b, L]}), one output {@code [b, hidden]}, no output layer.
 * The embeddings take the data type of the graph's parameters.
 */
public final class GradientCache implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ContrastiveLoss loss;
    private final int chunkSize;
    private final long runSeed;

    /** The pooled embeddings of one batch (pass 1). {@code negatives} is {@code [n*k, h]} with zero rows for absent slots, or null. */
    public record Embeddings(INDArray queries, INDArray docs, INDArray negatives) {}

    /** The batch loss and the summed parameter gradient (flattened, in the layout of {@code graph.params()}). */
    public record Result(double loss, INDArray gradient, int pairs) {}

    public GradientCache(ContrastiveLoss loss, int chunkSize, long runSeed) {
        if (loss == null) {
            throw new IllegalArgumentException("loss is required");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
        this.loss = loss;
        this.chunkSize = chunkSize;
        this.runSeed = runSeed;
    }

    public ContrastiveLoss loss() {
        return loss;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public long runSeed() {
        return runSeed;
    }

    /** The seed of ND4J's random generator before chunk {@code chunk} of step {@code globalStep} (SplitMix64 mixing). */
    public static long chunkSeed(long runSeed, long globalStep, int chunk) {
        long h = mix(runSeed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ (globalStep * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L));
        return mix(h ^ ((long) chunk * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One chunk: rows of one of the three inputs (0 queries, 1 documents, 2 negatives). */
    private record Chunk(int index, int input, int[] rows) {}

    private List<Chunk> plan(ContrastiveBatch batch) {
        List<Chunk> chunks = new ArrayList<>();
        int n = batch.pairs();
        int[][] rowsOfInput = {range(n), range(n), batch.presentNegativeRows()};
        for (int input = 0; input < 3; input++) {
            int[] rows = rowsOfInput[input];
            for (int t0 = 0; t0 < rows.length; t0 += chunkSize) {
                int t1 = Math.min(rows.length, t0 + chunkSize);
                chunks.add(new Chunk(chunks.size(), input, java.util.Arrays.copyOfRange(rows, t0, t1)));
            }
        }
        return chunks;
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static INDArray rowsOf(INDArray a, int[] rows, DataType type) {
        boolean contiguous = rows[rows.length - 1] - rows[0] == rows.length - 1;
        INDArray picked = contiguous
                ? a.get(NDArrayIndex.interval(rows[0], rows[rows.length - 1] + 1), NDArrayIndex.all())
                : a.getRows(rows);
        return picked.castTo(type).dup('c');
    }

    private static INDArray idsOf(ContrastiveBatch b, int input) {
        return input == 0 ? b.queryIds() : input == 1 ? b.docIds() : b.negativeIds();
    }

    private static INDArray maskOf(ContrastiveBatch b, int input) {
        return input == 0 ? b.queryMask() : input == 1 ? b.docMask() : b.negativeMask();
    }

    private static boolean usesDl4jDropout(ComputationGraph graph) {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer().getIDropout() != null) {
                return true;
            }
        }
        return false;
    }

    /** Releases the native memory of arrays this class owns (not views, not workspace arrays) right away. */
    private static void free(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }

    private static void checkGraph(ComputationGraph graph) {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException(
                    "the encoder graph must have one input (token ids) and one output (embedding), has "
                            + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
        }
        String out = graph.getConfiguration().getNetworkOutputs().get(0);
        if (graph.getVertex(out).hasLayer()
                && graph.getVertex(out).getLayer() instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
            throw new IllegalArgumentException(
                    "the encoder graph must not end in an output/loss layer (output '" + out + "')");
        }
    }

    /** Pass 1: the pooled embeddings of every row, each chunk with its dropout seed, activations discarded. */
    public Embeddings embed(ComputationGraph graph, ContrastiveBatch batch, long globalStep) {
        checkGraph(graph);
        DataType type = graph.params().dataType();
        int n = batch.pairs();
        int k = batch.negativesPerPair();
        INDArray[] targets = new INDArray[3];
        for (Chunk chunk : plan(batch)) {
            INDArray ids = rowsOf(idsOf(batch, chunk.input()), chunk.rows(), type);
            INDArray mask = rowsOf(maskOf(batch, chunk.input()), chunk.rows(), type);
            Nd4j.getRandom().setSeed(chunkSeed(runSeed, globalStep, chunk.index()));
            INDArray out;
            try (ForwardOnlyTraining ignored = ForwardOnlyTraining.enter()) {
                out = graph.output(true, new INDArray[] {ids}, new INDArray[] {mask}, null)[0];
            }
            if (out.rank() != 2 || out.rows() != chunk.rows().length) {
                throw new IllegalStateException(
                        "encoder output must be [b, hidden], got " + java.util.Arrays.toString(out.shape()));
            }
            if (targets[chunk.input()] == null) {
                long rows = chunk.input() == 2 ? (long) n * k : n;
                targets[chunk.input()] = Nd4j.zeros(type, rows, out.columns());
            }
            INDArray target = targets[chunk.input()];
            int[] rows = chunk.rows();
            if (rows[rows.length - 1] - rows[0] == rows.length - 1) {
                target.get(NDArrayIndex.interval(rows[0], rows[0] + rows.length), NDArrayIndex.all())
                        .assign(out);
            } else {
                for (int t = 0; t < rows.length; t++) {
                    target.getRow(rows[t]).assign(out.getRow(t));
                }
            }
            free(ids, mask, out);
            Nd4j.getMemoryManager().invokeGcOccasionally();
        }
        INDArray negatives =
                k == 0 ? null : targets[2] != null ? targets[2] : Nd4j.zeros(type, (long) n * k, targets[0].columns());
        return new Embeddings(targets[0], targets[1], negatives);
    }

    /** The loss on the batch and the summed parameter gradient; does not change the graph's parameters. */
    public Result lossAndGradient(ComputationGraph graph, ContrastiveBatch batch, long globalStep) {
        Embeddings e = embed(graph, batch, globalStep);
        DuplicateMask mask = batch.duplicateMask();
        LossAndGradients lg = loss.compute(e.queries(), e.docs(), e.negatives(), mask);
        // pass 1's embeddings are dead once the loss has its gradients: release them now, not at a garbage collection
        free(e.queries(), e.docs(), e.negatives());
        INDArray[] grads = {lg.dQueries(), lg.dDocs(), lg.dNegatives()};
        DataType type = graph.params().dataType();
        INDArray sum = null;
        // With DL4J's own dropout (IDropout on a layer), pass 2 runs without DL4J workspaces: the external-errors
        // backward (backpropGradient) reads the dropout masks of the preceding feedForward, which DL4J's workspace
        // mode invalidates when feedForward returns. Layers that regenerate their masks (the BERT encoder) keep
        // the workspaces.
        ComputationGraphConfiguration conf = graph.getConfiguration();
        WorkspaceMode trainingMode = conf.getTrainingWorkspaceMode();
        if (usesDl4jDropout(graph)) {
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
        try {
            for (Chunk chunk : plan(batch)) {
                INDArray ids = rowsOf(idsOf(batch, chunk.input()), chunk.rows(), type);
                INDArray tokenMask = rowsOf(maskOf(batch, chunk.input()), chunk.rows(), type);
                INDArray eps = rowsOf(grads[chunk.input()], chunk.rows(), type);
                Nd4j.getRandom().setSeed(chunkSeed(runSeed, globalStep, chunk.index()));
                graph.setLayerMaskArrays(new INDArray[] {tokenMask}, null);
                java.util.Map<String, INDArray> activations = graph.feedForward(new INDArray[] {ids}, true, false);
                graph.backpropGradient(eps);
                INDArray g = graph.getFlattenedGradients();
                if (sum == null) {
                    sum = g.dup();
                } else {
                    sum.addi(g);
                }
                graph.clearLayerMaskArrays();
                graph.clear();
                // the detached activations of this chunk are dead now: release them instead of waiting for a GC
                free(activations.values().toArray(new INDArray[0]));
                free(ids, tokenMask, eps);
                Nd4j.getMemoryManager().invokeGcOccasionally();
            }
        } finally {
            conf.setTrainingWorkspaceMode(trainingMode);
            graph.clearLayerMaskArrays();
            graph.clear();
            free(grads);
        }
        return new Result(lg.loss(), sum, batch.pairs());
    }
}
