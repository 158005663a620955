package io.github.gtespark.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a retrieval set in BEIR layout from a directory:
 * <ul>
 *   <li>{@code corpus.jsonl}: one JSON object per line with {@code _id}, {@code text} and optional {@code title}
 *   (missing or {@code null}: no title); ids may be JSON strings or numbers; other fields are ignored;</li>
 *   <li>{@code queries.jsonl}: one JSON object per line with {@code _id} and {@code text};</li>
 *   <li>{@code qrels/<split>.tsv}: {@code query-id corpus-id score} with an optional header line (a first line
 *   whose third field is not a number), graded integer scores ({@code 2.0} is read as 2). Fields are TAB
 *   separated; a line without any TAB is split on runs of spaces. Fields after the third are ignored (as BEIR's
 *   loader does). A repeated judgement with the same score is ignored.</li>
 * </ul>
 * {@link #read} follows BEIR's loader where real sets are untidy (e.g. MIRACL repeats ids): a repeated document or
 * query {@code _id}, or a judgement repeated with another score, replaces the earlier one, and
 * {@link BeirDataset#warnings()} says so; the single-file methods without a warnings sink reject them instead.
 * Blank lines are skipped; CRLF line ends and a byte order mark are accepted ({@link TextLineReader}), and so are
 * raw control characters (e.g. TAB) inside JSON strings. A line that is not a JSON object or lacks a field, or a
 * qrels line with fewer than three fields or a non-integer score raise a {@link MalformedDataException} with the
 * line number.
 */
public final class BeirDatasetReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private BeirDatasetReader() {}

    /** Reads {@code directory} with the qrels of {@code split} (e.g. {@code test}). */
    public static BeirDataset read(String directory, String split) throws IOException {
        String corpusFile = DataLocations.child(directory, "corpus.jsonl");
        String queriesFile = DataLocations.child(directory, "queries.jsonl");
        String qrelsFile = DataLocations.child(DataLocations.child(directory, "qrels"), split + ".tsv");
        List<String> warnings = new ArrayList<>();
        List<BeirDocument> corpus;
        try (BufferedReader r = DataLocations.openReader(corpusFile)) {
            corpus = readCorpus(r, corpusFile, warnings::add);
        }
        List<BeirQuery> queries;
        try (BufferedReader r = DataLocations.openReader(queriesFile)) {
            queries = readQueries(r, queriesFile, warnings::add);
        }
        Map<String, Map<String, Integer>> qrels;
        try (BufferedReader r = DataLocations.openReader(qrelsFile)) {
            qrels = readQrels(r, qrelsFile, warnings::add);
        }
        return new BeirDataset(directory, corpus, queries, qrels, warnings);
    }

    /** Reads {@code corpus.jsonl} lines; repeated ids are an error. */
    public static List<BeirDocument> readCorpus(BufferedReader reader, String source) throws IOException {
        return readCorpus(reader, source, null);
    }

    /**
     * Reads {@code corpus.jsonl} lines. A repeated {@code _id} replaces the earlier document, as BEIR's loader does,
     * and is reported to {@code warnings}; with {@code warnings} null it is an error.
     */
    public static List<BeirDocument> readCorpus(BufferedReader reader, String source, Consumer<String> warnings)
            throws IOException {
        return readJsonLines(reader, source, "document", warnings, (node, id, text) -> {
            JsonNode title = node.get("title");
            return new BeirDocument(id, title == null || title.isNull() ? "" : title.asText(), text);
        });
    }

    /** Reads {@code queries.jsonl} lines; repeated ids are an error. */
    public static List<BeirQuery> readQueries(BufferedReader reader, String source) throws IOException {
        return readQueries(reader, source, null);
    }

    /** Reads {@code queries.jsonl} lines; repeated ids as in {@link #readCorpus(BufferedReader, String, Consumer)}. */
    public static List<BeirQuery> readQueries(BufferedReader reader, String source, Consumer<String> warnings)
            throws IOException {
        return readJsonLines(reader, source, "query", warnings, (node, id, text) -> new BeirQuery(id, text));
    }

    /** Builds one record from a JSON line and its required {@code _id} and {@code text}. */
    private interface RecordOf<T> {
        T of(JsonNode node, String id, String text);
    }

    /**
     * JSON lines with a required {@code _id} and a required {@code text}; blank lines are skipped. A repeated id
     * replaces the earlier record in its place (a Python dict's assignment, as BEIR's loader does) and is reported
     * to {@code warnings}, or is an error when {@code warnings} is null.
     */
    private static <T> List<T> readJsonLines(
            BufferedReader reader, String source, String kind, Consumer<String> warnings, RecordOf<T> record)
            throws IOException {
        Map<String, T> records = new LinkedHashMap<>();
        int repeated = 0;
        String firstRepeated = null;
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
            if (records.put(id, record.of(node, id, text)) != null) {
                if (warnings == null) {
                    throw new MalformedDataException(source, lineNumber, "duplicate " + kind + " _id '" + id + "'");
                }
                if (repeated++ == 0) {
                    firstRepeated = "'" + id + "' on line " + lineNumber;
                }
            }
        }
        if (repeated > 0) {
            warnings.accept(source + ": " + repeated + " repeated " + kind + " _id(s) (first: " + firstRepeated
                    + "); the last record of each id is used, as BEIR's loader does");
        }
        return new ArrayList<>(records.values());
    }

    /**
     * Reads a qrels file ({@code query-id corpus-id score [ignored fields]}, optional header): query -> doc -> score.
     * A judgement repeated with a different score is an error.
     */
    public static Map<String, Map<String, Integer>> readQrels(BufferedReader reader, String source) throws IOException {
        return readQrels(reader, source, null);
    }

    /**
     * Reads a qrels file as {@link #readQrels(BufferedReader, String)} does, except that a judgement repeated with
     * a different score replaces the earlier one, as BEIR's loader does, and is reported to {@code warnings}.
     */
    public static Map<String, Map<String, Integer>> readQrels(
            BufferedReader reader, String source, Consumer<String> warnings) throws IOException {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        int contradicted = 0;
        String firstContradiction = null;
        Map<String, Long> judgedOnLine = new HashMap<>();
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
            String[] fields = line.indexOf('\t') >= 0
                    ? line.split("\t", -1)
                    : line.strip().split(" +");
            if (fields.length < 3) {
                throw new MalformedDataException(
                        source,
                        lineNumber,
                        "expected 3 TAB-separated fields (query-id, " + "corpus-id, score), found " + fields.length);
            }
            boolean isFirst = first;
            first = false;
            Integer score = integerScore(fields[2].strip());
            if (score == null) {
                if (isFirst && !isNumber(fields[2].strip())) {
                    continue; // header line: query-id corpus-id score
                }
                throw new MalformedDataException(source, lineNumber, "score '" + fields[2] + "' is not an integer");
            }
            String queryId = fields[0].strip();
            String docId = fields[1].strip();
            if (queryId.isEmpty() || docId.isEmpty()) {
                throw new MalformedDataException(source, lineNumber, "empty query-id or corpus-id");
            }
            Integer previous =
                    qrels.computeIfAbsent(queryId, q -> new LinkedHashMap<>()).put(docId, score);
            String pair = queryId + "\t" + docId;
            if (previous != null && !previous.equals(score)) {
                String contradiction = "judgement of query '" + queryId + "' and document '" + docId
                        + "' with score " + score + " contradicts line " + judgedOnLine.get(pair) + " (score "
                        + previous + ")";
                if (warnings == null) {
                    throw new MalformedDataException(source, lineNumber, contradiction);
                }
                if (contradicted++ == 0) {
                    firstContradiction = "line " + lineNumber + ": " + contradiction;
                }
            }
            judgedOnLine.putIfAbsent(pair, lineNumber);
        }
        if (contradicted > 0) {
            warnings.accept(source + ": " + contradicted + " judgement(s) repeat a query-document pair with another "
                    + "score (first: " + firstContradiction + "); the last score is used, as BEIR's loader does");
        }
        return qrels;
    }

    /** The score as an integer ({@code 2} or {@code 2.0}), or null if it is not an integral number. */
    private static Integer integerScore(String field) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            if (!isNumber(field)) {
                return null;
            }
            double value = Double.parseDouble(field);
            return value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE ? (int) value : null;
        }
    }

    private static boolean isNumber(String field) {
        try {
            return Double.isFinite(Double.parseDouble(field));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode parseObject(String line, String source, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedDataException(
                    source,
                    lineNumber,
                    "not valid JSON: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""));
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
