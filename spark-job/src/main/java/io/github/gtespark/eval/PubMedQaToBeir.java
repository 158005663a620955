package io.github.gtespark.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the PubMedQA expert-labelled set ({@code ori_pqal.json}: a JSON object keyed by PubMed id, each entry
 * with {@code QUESTION} and {@code CONTEXTS}, the abstract's sections) into a BEIR-layout retrieval set: each
 * question is a query ({@code _id} = {@code "q" + pmid}) whose one relevant document ({@code _id} = pmid,
 * score 1) is its abstract, the contexts joined with a space, without a title.
 *
 * <p>The first {@code queries} entries (file order) become queries; the corpus holds their abstracts plus the
 * abstracts of the following entries, up to {@code corpusSize} documents (distractors). Both default to all
 * entries (1000 queries over 1000 documents for PQA-L).
 */
public final class PubMedQaToBeir {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a conversion wrote. */
    public record Summary(int queries, int documents) {}

    private record Entry(String pmid, String question, String abstractText) {}

    private PubMedQaToBeir() {}

    /**
     * Converts {@code input} into {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/test.tsv} under
     * {@code outputDirectory}; {@code queries} / {@code corpusSize} of 0 or less mean all entries.
     */
    public static Summary convert(String input, String outputDirectory, int queries, int corpusSize)
            throws IOException {
        List<Entry> entries;
        try (BufferedReader reader = DataLocations.openReader(input)) {
            entries = readEntries(reader, input);
        }
        int queryCount = queries <= 0 ? entries.size() : Math.min(queries, entries.size());
        int docCount = corpusSize <= 0 ? entries.size() : Math.min(Math.max(corpusSize, queryCount), entries.size());
        String corpusFile = DataLocations.child(outputDirectory, "corpus.jsonl");
        try (BufferedWriter corpus = DataLocations.openWriter(corpusFile)) {
            for (Entry e : entries.subList(0, docCount)) {
                ObjectNode doc = JSON.createObjectNode()
                        .put("_id", e.pmid())
                        .put("title", "")
                        .put("text", e.abstractText());
                corpus.write(JSON.writeValueAsString(doc));
                corpus.write('\n');
            }
        }
        try (BufferedWriter out = DataLocations.openWriter(DataLocations.child(outputDirectory, "queries.jsonl"))) {
            for (Entry e : entries.subList(0, queryCount)) {
                ObjectNode query =
                        JSON.createObjectNode().put("_id", "q" + e.pmid()).put("text", e.question());
                out.write(JSON.writeValueAsString(query));
                out.write('\n');
            }
        }
        String qrelsFile = DataLocations.child(DataLocations.child(outputDirectory, "qrels"), "test.tsv");
        try (BufferedWriter out = DataLocations.openWriter(qrelsFile)) {
            out.write("query-id\tcorpus-id\tscore\n");
            for (Entry e : entries.subList(0, queryCount)) {
                out.write("q" + e.pmid() + "\t" + e.pmid() + "\t1\n");
            }
        }
        return new Summary(queryCount, docCount);
    }

    private static List<Entry> readEntries(BufferedReader reader, String source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedDataException(
                        source, parser.getCurrentLocation().getLineNr(), "expected a JSON object keyed by PubMed id");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String pmid = parser.getCurrentName();
                long line = parser.getCurrentLocation().getLineNr();
                parser.nextToken();
                JsonNode node = parser.readValueAsTree();
                JsonNode question = node == null ? null : node.get("QUESTION");
                JsonNode contexts = node == null ? null : node.get("CONTEXTS");
                if (question == null
                        || !question.isTextual()
                        || question.asText().isBlank()) {
                    throw new MalformedDataException(source, line, "entry " + pmid + ": missing QUESTION");
                }
                if (contexts == null || !contexts.isArray() || contexts.isEmpty()) {
                    throw new MalformedDataException(source, line, "entry " + pmid + ": missing CONTEXTS");
                }
                List<String> parts = new ArrayList<>();
                for (JsonNode c : contexts) {
                    parts.add(c.asText().strip());
                }
                entries.add(new Entry(pmid, question.asText().strip(), String.join(" ", parts)));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new MalformedDataException(source, line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (entries.isEmpty()) {
            throw new MalformedDataException(source, 1, "no PubMedQA entries");
        }
        return entries;
    }
}
