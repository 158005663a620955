package io.github.gtespark.cli;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.BeirDataset;
import io.github.gtespark.eval.BeirDatasetReader;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.RetrievalEvaluator;
import io.github.gtespark.eval.RetrievalResult;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code gte eval-retrieval}: nDCG@10, MRR@10 and Recall@100 of exact cosine retrieval on a BEIR-layout set. */
final class EvalRetrievalCommand implements Subcommand {

    private final EncoderLoader encoders;

    EvalRetrievalCommand(EncoderLoader encoders) {
        this.encoders = encoders;
    }

    @Override
    public String name() {
        return "eval-retrieval";
    }

    @Override
    public String summary() {
        return "nDCG@10, MRR@10, Recall@100 of dense retrieval on a BEIR-layout directory";
    }

    @Override
    public String help() {
        return """
                usage: gte eval-retrieval --model MODEL --data DIR [--split test] [--max-length N]
                                          [--batch-size N]

                Embeds the whole corpus (title + " " + text, as passages) and the judged queries, ranks the corpus
                for each query by exact cosine similarity, and prints MRR@10, Recall@100 and nDCG@10 (trec_eval
                conventions: graded gains, log2(rank+1) discount, ideal DCG from the qrels), averaged over the
                queries with at least one relevant document. The last line of the output is 'ndcg@10=0.xxxx'.

                  --model MODEL    built-in name (all-minilm-l6-v2, e5-small-v2, bge-small-en-v15), a model directory
                                   or a Hadoop FS URI of one
                  --data DIR       BEIR layout: corpus.jsonl (_id, title, text), queries.jsonl (_id, text),
                                   qrels/SPLIT.tsv (query-id, corpus-id, score; TAB separated, header optional)
                  --split SPLIT    qrels file to use (default test)
                  --max-length N   truncate texts to N tokens incl. [CLS]/[SEP] (default 512, capped by the model;
                                   sentence-transformers uses 256 for all-MiniLM-L6-v2)
                  --batch-size N   texts per forward pass (default 32)
                Progress (texts/s, ETA) goes to stderr.
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options = CommandLineOptions.parse(name(), args,
                Set.of("model", "max-length", "data", "split", "batch-size"), Set.of());
        String model = options.required("model");
        String data = options.required("data");
        String split = options.optional("split", "test");
        int batchSize = options.integer("batch-size", 32, 1);
        int maxLength = options.integer("max-length", 512, 2);
        BeirDataset dataset = BeirDatasetReader.read(data, split);
        BatchingEncoder encoder = new BatchingEncoder(encoders.load(model, maxLength, batchSize), batchSize,
                EncodingProgress.to(err));
        RetrievalResult r;
        try {
            r = new RetrievalEvaluator(encoder).evaluate(dataset);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (r.queriesSkippedNoRelevant() > 0 || r.queriesSkippedNoText() > 0) {
            err.printf(Locale.ROOT, "warning: skipped %d judged queries without a relevant document and %d without "
                    + "a query text%n", r.queriesSkippedNoRelevant(), r.queriesSkippedNoText());
        }
        if (r.relevantMissingFromCorpus() > 0) {
            err.printf(Locale.ROOT, "warning: %d relevance judgements name documents missing from the corpus "
                    + "(they count as not retrieved)%n", r.relevantMissingFromCorpus());
        }
        out.printf(Locale.ROOT, "data=%s documents=%d queries=%d skipped_no_relevant=%d skipped_no_text=%d "
                        + "relevant_missing_from_corpus=%d%n", data, r.documents(), r.queriesEvaluated(),
                r.queriesSkippedNoRelevant(), r.queriesSkippedNoText(), r.relevantMissingFromCorpus());
        out.printf(Locale.ROOT, "mrr@10=%.4f%n", r.mrrAt10());
        out.printf(Locale.ROOT, "recall@100=%.4f%n", r.recallAt100());
        out.printf(Locale.ROOT, "ndcg@10=%.4f%n", r.ndcgAt10());
    }
}
