package io.github.gtespark.cli;

import io.github.gtespark.eval.PubMedQaToBeir;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code gte convert-pubmedqa}: PubMedQA {@code ori_pqal.json} to a BEIR-layout retrieval set. */
final class ConvertPubMedQaCommand implements Subcommand {

    @Override
    public String name() {
        return "convert-pubmedqa";
    }

    @Override
    public String summary() {
        return "convert PubMedQA (ori_pqal.json) into a BEIR-layout retrieval set";
    }

    @Override
    public String help() {
        return """
                usage: gte convert-pubmedqa --input FILE --output DIR [--queries N] [--corpus-size M]

                Writes DIR/corpus.jsonl, DIR/queries.jsonl and DIR/qrels/test.tsv from PubMedQA's ori_pqal.json:
                each question is a query (_id "q" + PubMed id) whose one relevant document (_id = PubMed id,
                score 1) is its abstract (the CONTEXTS joined with spaces, no title).

                  --input FILE      ori_pqal.json (local path or Hadoop FS URI)
                  --output DIR      output directory (created; files overwritten)
                  --queries N       use the first N questions as queries (default: all)
                  --corpus-size M   corpus of M abstracts: those of the queries plus the following entries as
                                    distractors (default: all)
                """;
    }

    @Override
    public void run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        CommandLineOptions options =
                CommandLineOptions.parse(name(), args, Set.of("input", "output", "queries", "corpus-size"), Set.of());
        String input = options.required("input");
        String output = options.required("output");
        int queries = options.integer("queries", 0, 1);
        int corpusSize = options.integer("corpus-size", 0, 1);
        PubMedQaToBeir.Summary summary = PubMedQaToBeir.convert(input, output, queries, corpusSize);
        out.println("wrote " + summary.queries() + " queries and " + summary.documents() + " documents to " + output);
    }
}
