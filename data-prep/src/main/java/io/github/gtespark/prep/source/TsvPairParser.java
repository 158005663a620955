package io.github.gtespark.prep.source;

import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses TAB-separated lines (split on TAB only, no quoting) into pairs. Columns are named by the file's header
 * line or given as 0-based numbers. With {@code unescape} the escapes backslash-n, backslash-t and
 * backslash-backslash inside a field become newline, TAB and backslash. With a score column the field must be a
 * decimal number (e.g. {@code 4.25}, {@code 3e-1}) within the source's range; an empty or absent field is
 * {@code missing_score}, anything else {@code invalid_score} or {@code score_out_of_range}. One instance per file
 * (the header).
 */
public final class TsvPairParser implements LineParser<Outcome> {

    private final SourceSpec spec;
    private int queryCol = -1;
    private int docCol = -1;
    private int negCol = -1;
    private int scoreCol = -1;
    private String headerProblem;

    public TsvPairParser(SourceSpec spec) {
        this.spec = spec;
        if (!spec.header()) {
            queryCol = Integer.parseInt(spec.queryField());
            docCol = Integer.parseInt(spec.docField());
            negCol = spec.hasNegatives() ? Integer.parseInt(spec.negField()) : -1;
            scoreCol = spec.hasScore() ? Integer.parseInt(spec.scoreField()) : -1;
        }
    }

    @Override
    public List<Outcome> parse(InputLine line) {
        long id = RecordId.of(spec.index(), line.fileIndex(), line.lineNumber(), 0);
        String text = StrictUtf8.decodeOrNull(line.bytes());
        if (spec.header() && line.lineNumber() == 0) {
            readHeader(text);
            return List.of();
        }
        if (text == null) {
            return List.of(excluded(id, StrictUtf8.decodeLossy(line.bytes()), ExclusionReason.INVALID_UTF8, null));
        }
        if (text.isEmpty()) {
            return List.of();
        }
        if (headerProblem != null) {
            return List.of(excluded(id, text, ExclusionReason.MISSING_FIELD, headerProblem));
        }
        String[] fields = text.split("\t", -1);
        int needed = Math.max(queryCol, Math.max(docCol, negCol)) + 1;
        if (fields.length < needed) {
            return List.of(excluded(
                    id,
                    text,
                    ExclusionReason.MISSING_FIELD,
                    fields.length + " columns, column " + (needed - 1) + " needed"));
        }
        String[] negs = PairRecord.NO_NEGATIVES;
        if (negCol >= 0 && !fields[negCol].isEmpty()) {
            negs = new String[] {field(fields[negCol])};
        }
        double score = PairRecord.NO_SCORE;
        if (scoreCol >= 0) {
            String raw = scoreCol < fields.length ? fields[scoreCol].trim() : "";
            if (raw.isEmpty()) {
                return List.of(excluded(id, text, ExclusionReason.MISSING_SCORE, "column " + spec.scoreField()));
            }
            score = parseScore(raw);
            String problem = spec.scoreProblem(score);
            if (problem != null) {
                return List.of(excluded(
                        id, text, problem, spec.scoreField() + " = '" + raw + "', allowed " + spec.scoreRange()));
            }
        }
        return List.of(Outcome.keep(new PairRecord(
                id, spec.index(), spec.name(), field(fields[queryCol]), field(fields[docCol]), negs, score)));
    }

    /** A decimal number (no NaN, Infinity, hex or type suffixes); NaN when the text is not one. */
    static double parseScore(String raw) {
        try {
            return new java.math.BigDecimal(raw).doubleValue();
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void readHeader(String header) {
        if (header == null) {
            headerProblem = "header line is not valid UTF-8";
            return;
        }
        List<String> names = Arrays.asList(header.split("\t", -1));
        queryCol = column(names, spec.queryField());
        docCol = column(names, spec.docField());
        negCol = spec.hasNegatives() ? column(names, spec.negField()) : -1;
        List<String> missing = new ArrayList<>();
        if (queryCol < 0) {
            missing.add(spec.queryField());
        }
        if (docCol < 0) {
            missing.add(spec.docField());
        }
        if (spec.hasNegatives() && negCol < 0) {
            missing.add(spec.negField());
        }
        scoreCol = spec.hasScore() ? column(names, spec.scoreField()) : -1;
        if (spec.hasScore() && scoreCol < 0) {
            missing.add(spec.scoreField());
        }
        if (!missing.isEmpty()) {
            headerProblem = "header has no column " + missing + " (header: " + names + ")";
        }
    }

    private static int column(List<String> names, String field) {
        int i = names.indexOf(field);
        if (i < 0 && field.matches("\\d+")) {
            i = Integer.parseInt(field);
        }
        return i;
    }

    private String field(String raw) {
        if (!spec.unescape() || raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(i + 1);
                if (n == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                } else if (n == 't') {
                    out.append('\t');
                    i++;
                    continue;
                } else if (n == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private Outcome excluded(long id, String line, String reason, String detail) {
        return Outcome.exclude(Exclusion.ofLine(spec.index(), spec.name(), reason, id, line, detail));
    }

    @Override
    public List<Outcome> unreadable(int fileIndex, long lineNumber, String file, String error) {
        long id = RecordId.of(spec.index(), fileIndex, lineNumber, 0);
        return List.of(excluded(
                id, null, ExclusionReason.UNREADABLE_INPUT, file + " from line " + (lineNumber + 1) + ": " + error));
    }
}
