package io.github.gtespark.train.evaluation;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.BeirDataset;
import io.github.gtespark.eval.BeirDatasetReader;
import io.github.gtespark.eval.BeirQuery;
import io.github.gtespark.eval.DataLocations;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.RetrievalEvaluator;
import io.github.gtespark.eval.RetrievalResult;
import io.github.gtespark.eval.SentenceEncoder;
import io.github.gtespark.eval.StsDataset;
import io.github.gtespark.eval.StsDatasetReader;
import io.github.gtespark.eval.StsEvaluator;
import io.github.gtespark.model.TextEmbedder;
import io.github.gtespark.train.ModelEvaluator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stage evaluation: Spearman correlation on an STS dev set ({@code sts_dev_spearman}) and nDCG@10 / MRR@10 on
 * a BEIR-layout retrieval set ({@code ndcg@10}, {@code mrr@10}), computed with the eval module's evaluators on the
 * driver's current encoder. Either set may be absent (empty location). The data is read once.
 */
public final class EmbeddingBenchmarkEvaluator implements ModelEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingBenchmarkEvaluator.class);

    private final Function<ComputationGraph, SentenceEncoder> encoderOf;
    private final int batchSize;
    private final String settings;
    private final StsDataset sts;
    private final BeirDataset retrieval;

    /**
     * @param encoderOf    turns the training graph into a text encoder (tokenisation, padding, embedding)
     * @param stsDevUri    STS dev file (any layout the eval module detects); empty: no STS figure
     * @param retrievalUri BEIR directory with {@code qrels/test.tsv}; empty: no retrieval figures
     * @param maxQueries   cap on retrieval queries (0: all), for fast periodic evaluation
     * @param maxStsPairs  cap on STS pairs (0: all; the first pairs of the file)
     * @param batchSize    texts per encoder call
     * @param encoding     how {@code encoderOf} encodes besides the parameters (e.g. max length, pooling), for
     *                     {@link #settings()}
     */
    public EmbeddingBenchmarkEvaluator(Function<ComputationGraph, SentenceEncoder> encoderOf, String stsDevUri,
                                       String retrievalUri, int maxQueries, int maxStsPairs, int batchSize,
                                       String encoding) throws IOException {
        this.encoderOf = encoderOf;
        this.batchSize = batchSize;
        this.settings = "sts=" + stsDevUri + " max-sts-pairs=" + maxStsPairs + " retrieval=" + retrievalUri
                + " max-queries=" + maxQueries + " " + encoding;
        if (stsDevUri == null || stsDevUri.isBlank()) {
            this.sts = null;
        } else {
            StsDataset all;
            try (BufferedReader r = DataLocations.openReader(stsDevUri)) {
                all = StsDatasetReader.readAutoDetected(r, stsDevUri);
            }
            this.sts = maxStsPairs > 0 && all.pairs().size() > maxStsPairs
                    ? new StsDataset(all.source(), all.layout(), all.pairs().subList(0, maxStsPairs), all.skippedUnscored())
                    : all;
        }
        if (retrievalUri == null || retrievalUri.isBlank()) {
            this.retrieval = null;
        } else {
            BeirDataset full = BeirDatasetReader.read(retrievalUri, "test");
            for (String warning : full.warnings()) {
                LOG.warn("{}: {}", retrievalUri, warning);
            }
            List<BeirQuery> queries = full.queries();
            if (maxQueries > 0 && queries.size() > maxQueries) {
                queries = queries.subList(0, maxQueries);
            }
            this.retrieval = new BeirDataset(full.source(), full.corpus(), queries, full.qrels(), full.warnings());
        }
    }

    @Override
    public String settings() {
        return settings;
    }

    @Override
    public Map<String, Double> evaluate(ComputationGraph graph) {
        BatchingEncoder encoder = new BatchingEncoder(encoderOf.apply(graph), TextEmbedder.maxTextsPerPass(batchSize),
                EncodingProgress.silent());
        Map<String, Double> out = new LinkedHashMap<>();
        if (sts != null) {
            out.put("sts_dev_spearman", new StsEvaluator(encoder).evaluate(sts).spearman());
        }
        if (retrieval != null) {
            RetrievalResult r = new RetrievalEvaluator(encoder).evaluate(retrieval);
            out.put("ndcg@10", r.ndcgAt10());
            out.put("mrr@10", r.mrrAt10());
        }
        return out;
    }
}
