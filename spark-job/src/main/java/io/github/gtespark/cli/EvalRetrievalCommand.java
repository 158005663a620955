package io.github.gtespark.cli;

import io.github.gtespark.eval.BatchingEncoder;
import io.github.gtespark.eval.BeirDataset;
import io.github.gtespark.eval.BeirDatasetReader;
import io.github.gtespark.eval.EncodingProgress;
import io.github.gtespark.eval.RetrievalEvaluator;
import io.github.gtespark.eval.RetrievalResult;
import io.github.gtespark.model.TextEmbedder;
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
                                          [--batch-size N] [--dim D]

                Embeds the whole corpus (title + " " + text, as passages) and the judged queries, ranks the corpus
                for each query by exact cosine similarity, and prints MRR@10, Recall@100 and nDCG@10 (trec_eval
                conventions: graded gains, log2(rank+1) discount, ideal DCG from the qrels), averaged over the
                queries of the qrels that have a text (queries=N). The last line of the output is 'ndcg@10=0.xxxx'.
                As in trec_eval and BEIR, a judged query without any relevant document (all its scores 0) counts
                with 0 on every metric (without_relevant=N); queries without judgements are not evaluated.
                As in BEIR, a document with the same id as the query is left out of that query's ranking
                (own_id_excluded counts such queries; e.g. Quora, where queries are corpus documents too).

                  --data DIR       BEIR layout: corpus.jsonl (_id, title, text), queries.jsonl (_id, text),
                                   qrels/SPLIT.tsv (query-id, corpus-id, score; TAB separated, or spaces on a
                                   line without TAB; header optional; further fields ignored; '2.0' reads as 2);
                                   UTF-8, LF or CRLF line ends
                  --split SPLIT    qrels file to use (default test)
                """ + ModelOptions.HELP + FirstDimensions.HELP_EVAL + """
                Progress (texts/s, ETA) goes to stderr.
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options =
                CommandLineOptions.parse(name(), args, ModelOptions.namesWith("data", "split"), Set.of());
        ModelOptions model = ModelOptions.from(options);
        String data = options.required("data");
        String split = options.optional("split", "test");
        BeirDataset dataset = BeirDatasetReader.read(data, split);
        for (String warning : dataset.warnings()) {
            err.println("warning: " + warning);
        }
        BatchingEncoder encoder = new BatchingEncoder(
                model.load(encoders, name()),
                TextEmbedder.maxTextsPerPass(model.batchSize()),
                EncodingProgress.to(err));
        RetrievalResult r;
        try {
            r = new RetrievalEvaluator(encoder).evaluate(dataset);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (r.queriesSkippedNoText() > 0) {
            err.printf(
                    Locale.ROOT,
                    "warning: skipped %d judged queries without a query text in queries.jsonl%n",
                    r.queriesSkippedNoText());
        }
        if (r.queriesWithoutRelevant() > 0) {
            err.printf(
                    Locale.ROOT,
                    "note: %d judged queries have no relevant document (all their judgements are 0 "
                            + "or less); they count with 0 on every metric, as in trec_eval and BEIR%n",
                    r.queriesWithoutRelevant());
        }
        if (r.relevantMissingFromCorpus() > 0) {
            err.printf(
                    Locale.ROOT,
                    "warning: %d relevance judgements name documents missing from the corpus "
                            + "(they count as not retrieved)%n",
                    r.relevantMissingFromCorpus());
        }
        if (r.queriesWithOwnIdExcluded() > 0) {
            err.printf(
                    Locale.ROOT,
                    "note: %d queries share their id with a corpus document; as in BEIR, that "
                            + "document is left out of the query's ranking%n",
                    r.queriesWithOwnIdExcluded());
        }
        out.printf(
                Locale.ROOT,
                "data=%s documents=%d queries=%d without_relevant=%d skipped_no_text=%d "
                        + "relevant_missing_from_corpus=%d own_id_excluded=%d%n",
                data,
                r.documents(),
                r.queriesEvaluated(),
                r.queriesWithoutRelevant(),
                r.queriesSkippedNoText(),
                r.relevantMissingFromCorpus(),
                r.queriesWithOwnIdExcluded());
        out.printf(Locale.ROOT, "mrr@10=%.4f%n", r.mrrAt10());
        out.printf(Locale.ROOT, "recall@100=%.4f%n", r.recallAt100());
        out.printf(Locale.ROOT, "ndcg@10=%.4f%n", r.ndcgAt10());
    }
}
