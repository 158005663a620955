package io.github.gtespark.model;

import io.github.gtespark.text.BertTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sentence embeddings for inference: tokenises texts (with the model's query/passage prefixes), sorts them by
 * length and cuts batches of similar lengths (at most {@code batchSize * 128} padded tokens and at most
 * {@link #maxTextsPerPass(int) 4 * batchSize} texts, i.e. {@code batchSize} texts of 128 tokens or up to four
 * times as many shorter ones; a new batch when texts longer than 64 tokens get twice shorter), pads every batch
 * only to its own longest text (the encoder graph accepts any length), runs the graph in inference mode and
 * returns the pooled (and, if the model says so, L2-normalised) embeddings in input order. Thread-safe (graph
 * inference is synchronised).
 */
public final class TextEmbedder {

    /** Default number of texts of 128 tokens per forward pass. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /**
     * Short texts per forward pass, relative to {@code batchSize}: within the same padded-token budget (hence the same
     * memory), a batch of short texts holds up to this many times {@code batchSize} texts. Batches of 32 sentences of
     * ~11 tokens are 350-row GEMMs that run far below the CPU's peak; 128 of them encoded 1.35x faster (STS-B dev,
     * docs/benchmarks.md).
     */
    static final int SHORT_TEXT_FACTOR = 4;

    private final ComputationGraph graph;
    private final BertConfig config;
    private final BertTokenizer tokenizer;
    private final int maxLength;
    private final int batchSize;
    private final long maxTokensPerBatch;
    private final int maxTexts;

    /** An embedder over an existing graph (e.g. the one being trained); {@code maxLength} includes [CLS]/[SEP]. */
    public TextEmbedder(
            ComputationGraph graph, BertConfig config, BertTokenizer tokenizer, int maxLength, int batchSize) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.config = Objects.requireNonNull(config, "config");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 2 || maxLength > config.maxPositions()) {
            throw new IllegalArgumentException("maxLength " + maxLength + " outside 2.." + config.maxPositions());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.maxLength = maxLength;
        this.batchSize = batchSize;
        this.maxTokensPerBatch = (long) batchSize * 128;
        this.maxTexts = maxTextsPerPass(batchSize);
    }

    /**
     * The most texts one forward pass takes for a given {@code batchSize} ({@link #SHORT_TEXT_FACTOR} times it):
     * callers that hand texts over in groups should use groups of this size, so that short texts can fill a pass.
     */
    public static int maxTextsPerPass(int batchSize) {
        return (int) Math.min(Integer.MAX_VALUE, (long) SHORT_TEXT_FACTOR * batchSize);
    }

    /** An fp32 embedder for a loaded model, texts truncated to {@code maxLength} tokens. */
    public static TextEmbedder of(EncoderModel model, int maxLength, int batchSize) {
        int len = Math.min(maxLength, model.config().maxPositions());
        return new TextEmbedder(model.toGraph(DataType.FLOAT, len), model.config(), tokenizerOf(model), len, batchSize);
    }

    /** The tokenizer of a model: its tokenizer.json when present, else its vocab.txt. */
    public static BertTokenizer tokenizerOf(EncoderModel model) {
        try {
            if (model.tokenizerJson() != null) {
                return BertTokenizer.fromTokenizerJson(new ByteArrayInputStream(model.tokenizerJson()));
            }
            return BertTokenizer.fromVocabTxt(new ByteArrayInputStream(model.vocabTxt()), model.lowercase());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model's tokenizer", e);
        }
    }

    public BertConfig config() {
        return config;
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public int dimension() {
        return config.hidden();
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * Embeddings of {@code texts} in input order; {@code isQuery} selects the query or the passage prefix (e5);
     * models without prefixes ignore it.
     */
    public float[][] embed(List<String> texts, boolean isQuery) {
        String prefix = isQuery ? config.queryPrefix() : config.passagePrefix();
        List<int[]> ids = new ArrayList<>(texts.size());
        for (String t : texts) {
            ids.add(tokenizer.encode(prefix + Objects.requireNonNull(t, "text"), maxLength));
        }
        return embedIds(ids);
    }

    private void runBatch(List<int[]> ids, Integer[] order, int start, int end, int width, float[][] out) {
        int rows = end - start;
        float[] idBuf = new float[rows * width];
        float[] maskBuf = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int[] seq = ids.get(order[start + r]);
            for (int t = 0; t < seq.length; t++) {
                idBuf[r * width + t] = seq[t];
                maskBuf[r * width + t] = 1f;
            }
        }
        DataType dt = graph.params().dataType();
        INDArray input = Nd4j.create(idBuf, new long[] {rows, width}, 'c').castTo(dt);
        INDArray mask = Nd4j.create(maskBuf, new long[] {rows, width}, 'c').castTo(dt);
        INDArray emb = graph.output(false, new INDArray[] {input}, new INDArray[] {mask})[0];
        float[] flat = emb.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int dim = (int) emb.size(1);
        for (int r = 0; r < rows; r++) {
            out[order[start + r]] = Arrays.copyOfRange(flat, r * dim, (r + 1) * dim);
        }
    }

    /** Embeddings of already tokenised texts (with [CLS]/[SEP], at most {@code maxLength} ids each), in input order. */
    public float[][] embedIds(List<int[]> ids) {
        int n = ids.size();
        float[][] out = new float[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            int len = ids.get(i).length;
            if (len < 1 || len > config.maxPositions()) {
                throw new IllegalArgumentException(
                        "text " + i + " has " + len + " token ids (1.." + config.maxPositions() + " allowed)");
            }
        }
        Arrays.sort(order, (a, b) -> Integer.compare(ids.get(b).length, ids.get(a).length));
        int[] sortedLengths = new int[n];
        for (int i = 0; i < n; i++) {
            sortedLengths[i] = ids.get(order[i]).length;
        }
        int start = 0;
        for (int end : batchEnds(sortedLengths, maxTexts, maxTokensPerBatch)) {
            runBatch(ids, order, start, end, sortedLengths[start], out);
            start = end;
        }
        return out;
    }

    /**
     * Where the batches end, for texts of {@code lengths} tokens sorted longest first: a batch closes at
     * {@code maxTexts} texts, when one more text would take it past {@code maxTokens} padded tokens (padded to its
     * first, longest text), or when texts longer than 64 tokens are followed by one less than half as long.
     */
    static int[] batchEnds(int[] lengths, int maxTexts, long maxTokens) {
        int n = lengths.length;
        int[] ends = new int[n];
        int batches = 0;
        int start = 0;
        while (start < n) {
            int width = lengths[start];
            int end = start + 1;
            while (end < n
                    && end - start < maxTexts
                    && (long) (end - start + 1) * width <= maxTokens
                    && (width <= 64 || 2 * lengths[end] >= width)) {
                end++;
            }
            ends[batches++] = end;
            start = end;
        }
        return Arrays.copyOf(ends, batches);
    }
}
