package io.github.gtespark.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a retrieval set in BEIR layout from a directory:
 * <ul>
 *   <li>{@code corpus.jsonl}: one JSON object per line with {@code _id}, {@code text} and optional {@code title};</li>
 *   <li>{@code queries.jsonl}: one JSON object per line with {@code _id} and {@code text};</li>
 *   <li>{@code qrels/<split>.tsv}: TAB separated {@code query-id corpus-id score} with an optional header line,
 *   graded integer scores.</li>
 * </ul>
 * Empty lines are skipped. A line that is not valid JSON, lacks a field, repeats an id, or a qrels line that
 * is not three fields with an integer score raises a {@link MalformedDataException} with its line number.
 */
public final class BeirDatasetReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BeirDatasetReader() {
    }

    /** Reads {@code directory} with the qrels of {@code split} (e.g. {@code test}). */
    public static BeirDataset read(String directory, String split) throws IOException {
        String corpusFile = DataLocations.child(directory, "corpus.jsonl");
        String queriesFile = DataLocations.child(directory, "queries.jsonl");
        String qrelsFile = DataLocations.child(DataLocations.child(directory, "qrels"), split + ".tsv");
        List<BeirDocument> corpus;
        try (BufferedReader r = DataLocations.openReader(corpusFile)) {
            corpus = readCorpus(r, corpusFile);
        }
        List<BeirQuery> queries;
        try (BufferedReader r = DataLocations.openReader(queriesFile)) {
            queries = readQueries(r, queriesFile);
        }
        Map<String, Map<String, Integer>> qrels;
        try (BufferedReader r = DataLocations.openReader(qrelsFile)) {
            qrels = readQrels(r, qrelsFile);
        }
        return new BeirDataset(directory, corpus, queries, qrels);
    }

    /** Reads {@code corpus.jsonl} lines. */
    public static List<BeirDocument> readCorpus(BufferedReader reader, String source) throws IOException {
        return readJsonLines(reader, source, "document", (node, id, text) -> {
            JsonNode title = node.get("title");
            return new BeirDocument(id, title == null || title.isNull() ? "" : title.asText(), text);
        });
    }

    /** Reads {@code queries.jsonl} lines. */
    public static List<BeirQuery> readQueries(BufferedReader reader, String source) throws IOException {
        return readJsonLines(reader, source, "query", (node, id, text) -> new BeirQuery(id, text));
    }

    /** Builds one record from a JSON line and its required {@code _id} and {@code text}. */
    private interface RecordOf<T> {
        T of(JsonNode node, String id, String text);
    }

    /** JSON lines with a required unique {@code _id} and a required {@code text}; blank lines are skipped. */
    private static <T> List<T> readJsonLines(BufferedReader reader, String source, String kind, RecordOf<T> record)
            throws IOException {
        List<T> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = parseObject(line, source, lineNumber);
            String id = requiredString(node, "_id", source, lineNumber);
            String text = requiredString(node, "text", source, lineNumber);
            if (!ids.add(id)) {
                throw new MalformedDataException(source, lineNumber, "duplicate " + kind + " _id '" + id + "'");
            }
            records.add(record.of(node, id, text));
        }
        return records;
    }

    /** Reads a qrels TSV ({@code query-id TAB corpus-id TAB score}, optional header): query -> doc -> score. */
    public static Map<String, Map<String, Integer>> readQrels(BufferedReader reader, String source) throws IOException {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        long lineNumber = 0;
        boolean first = true;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 3) {
                throw new MalformedDataException(source, lineNumber,
                        "expected 3 TAB-separated fields (query-id, corpus-id, score), found " + fields.length);
            }
            boolean isFirst = first;
            first = false;
            int score;
            try {
                score = Integer.parseInt(fields[2].strip());
            } catch (NumberFormatException e) {
                if (isFirst) {
                    continue; // header line: query-id corpus-id score
                }
                throw new MalformedDataException(source, lineNumber, "score '" + fields[2] + "' is not an integer");
            }
            String queryId = fields[0].strip();
            String docId = fields[1].strip();
            if (queryId.isEmpty() || docId.isEmpty()) {
                throw new MalformedDataException(source, lineNumber, "empty query-id or corpus-id");
            }
            Integer previous = qrels.computeIfAbsent(queryId, q -> new LinkedHashMap<>()).put(docId, score);
            if (previous != null) {
                throw new MalformedDataException(source, lineNumber,
                        "duplicate judgement for query '" + queryId + "' and document '" + docId + "'");
            }
        }
        return qrels;
    }

    private static JsonNode parseObject(String line, String source, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedDataException(source, lineNumber,
                    "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new MalformedDataException(source, lineNumber, "expected a JSON object");
        }
        return node;
    }

    private static String requiredString(JsonNode node, String field, String source, long lineNumber) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new MalformedDataException(source, lineNumber, "missing field '" + field + "'");
        }
        return value.asText();
    }
}
