package io.github.gtespark.prep.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one JSON object per line into pairs. The query field must be a string; the document field a string or an
 * array of strings (one pair per element, e.g. {@code {"query": q, "pos": [p1, p2], "neg": [n1]}}); the optional
 * negative field a string or an array of strings (hard negatives of every pair of the line). Blank lines are skipped.
 * Broken JSON, invalid UTF-8, a missing field or a field of the wrong type gives an exclusion, never an exception.
 * With a score field ({@code score = FIELD}) it must be a JSON number within the source's range (one score for every
 * pair of the line): absent or null is {@code missing_score}, another type or a number out of range
 * {@code invalid_score} or {@code score_out_of_range}.
 */
public final class JsonlPairParser implements LineParser<Outcome> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceSpec spec;

    public JsonlPairParser(SourceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<Outcome> parse(InputLine line) {
        long lineId = RecordId.of(spec.index(), line.fileIndex(), line.lineNumber(), 0);
        String text = StrictUtf8.decodeOrNull(line.bytes());
        if (text == null) {
            return List.of(excluded(lineId, StrictUtf8.decodeLossy(line.bytes()), ExclusionReason.INVALID_UTF8, null));
        }
        if (text.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of(excluded(lineId, text, ExclusionReason.MALFORMED_JSON, firstLine(e.getOriginalMessage())));
        }
        if (node == null || !node.isObject()) {
            return List.of(excluded(lineId, text, ExclusionReason.MALFORMED_JSON, "not a JSON object"));
        }
        JsonNode q = node.get(spec.queryField());
        if (q == null || q.isNull()) {
            return List.of(excluded(lineId, text, ExclusionReason.MISSING_FIELD, spec.queryField()));
        }
        if (!q.isTextual()) {
            return List.of(
                    excluded(lineId, text, ExclusionReason.WRONG_TYPE, spec.queryField() + " is " + q.getNodeType()));
        }
        JsonNode d = node.get(spec.docField());
        if (d == null || d.isNull() || (d.isArray() && d.isEmpty())) {
            return List.of(excluded(lineId, text, ExclusionReason.MISSING_FIELD, spec.docField()));
        }
        if (!d.isTextual() && !d.isArray()) {
            return List.of(
                    excluded(lineId, text, ExclusionReason.WRONG_TYPE, spec.docField() + " is " + d.getNodeType()));
        }
        double score = PairRecord.NO_SCORE;
        if (spec.hasScore()) {
            JsonNode y = node.get(spec.scoreField());
            if (y == null || y.isNull()) {
                return List.of(excluded(lineId, text, ExclusionReason.MISSING_SCORE, spec.scoreField()));
            }
            if (!y.isNumber()) {
                return List.of(excluded(
                        lineId,
                        text,
                        ExclusionReason.INVALID_SCORE,
                        spec.scoreField() + " is " + y.getNodeType() + ", not a number"));
            }
            score = y.asDouble();
            String problem = spec.scoreProblem(score);
            if (problem != null) {
                return List.of(excluded(
                        lineId,
                        text,
                        problem,
                        spec.scoreField() + " = " + y.asText() + ", allowed " + spec.scoreRange()));
            }
        }
        String[] negs = PairRecord.NO_NEGATIVES;
        if (spec.hasNegatives()) {
            JsonNode n = node.get(spec.negField());
            if (n != null && !n.isNull()) {
                List<String> list = new ArrayList<>();
                if (n.isTextual()) {
                    list.add(n.asText());
                } else if (n.isArray()) {
                    for (JsonNode e : n) {
                        if (!e.isTextual()) {
                            return List.of(excluded(
                                    lineId,
                                    text,
                                    ExclusionReason.WRONG_TYPE,
                                    spec.negField() + " has a " + e.getNodeType() + " element"));
                        }
                        list.add(e.asText());
                    }
                } else {
                    return List.of(excluded(
                            lineId, text, ExclusionReason.WRONG_TYPE, spec.negField() + " is " + n.getNodeType()));
                }
                negs = list.toArray(new String[0]);
            }
        }
        List<Outcome> out = new ArrayList<>(d.isArray() ? d.size() : 1);
        if (d.isTextual()) {
            out.add(Outcome.keep(
                    new PairRecord(lineId, spec.index(), spec.name(), q.asText(), d.asText(), negs, score)));
            return out;
        }
        for (int k = 0; k < d.size(); k++) {
            int sub = Math.min(k, RecordId.MAX_PAIRS_PER_LINE - 1);
            long id = RecordId.of(spec.index(), line.fileIndex(), line.lineNumber(), sub);
            JsonNode e = d.get(k);
            if (k >= RecordId.MAX_PAIRS_PER_LINE - 1 && d.size() > RecordId.MAX_PAIRS_PER_LINE) {
                out.add(excluded(id, text, ExclusionReason.TOO_MANY_PAIRS_IN_LINE, "element " + k));
            } else if (!e.isTextual()) {
                out.add(excluded(
                        id, text, ExclusionReason.WRONG_TYPE, spec.docField() + "[" + k + "] is " + e.getNodeType()));
            } else {
                out.add(Outcome.keep(
                        new PairRecord(id, spec.index(), spec.name(), q.asText(), e.asText(), negs, score)));
            }
        }
        return out;
    }

    private Outcome excluded(long id, String line, String reason, String detail) {
        return Outcome.exclude(Exclusion.ofLine(spec.index(), spec.name(), reason, id, line, detail));
    }

    static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public List<Outcome> unreadable(int fileIndex, long lineNumber, String file, String error) {
        long id = RecordId.of(spec.index(), fileIndex, lineNumber, 0);
        return List.of(excluded(
                id, null, ExclusionReason.UNREADABLE_INPUT, file + " from line " + (lineNumber + 1) + ": " + error));
    }
}
