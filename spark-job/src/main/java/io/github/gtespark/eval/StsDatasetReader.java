package io.github.gtespark.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads STS pair files: TAB separated, one pair per line, split on TAB only (no CSV quoting: sentences
 * contain quotes). Layouts: {@link StsLayout#STS_BENCHMARK} and {@link StsLayout#SCORE_FIRST}; with
 * {@link #readAutoDetected} the layout is chosen from the first non-blank line (seven or more fields: STS
 * Benchmark; exactly three: score first). No header is expected, but a first line whose score field names a
 * score column (e.g. {@code genre TAB file TAB year TAB id TAB score TAB sentence1 TAB sentence2}) is taken as
 * a header and skipped ({@link StsDataset#skippedHeader()}). Blank lines are skipped; any other line that does
 * not fit the layout raises a {@link MalformedDataException} naming its line number. A trailing {@code '\r'}
 * (CRLF files) is dropped from every line.
 */
public final class StsDatasetReader {

    private StsDatasetReader() {}

    /** Reads {@code reader} (named {@code source} in error messages), detecting the layout from its first line. */
    public static StsDataset readAutoDetected(BufferedReader reader, String source) throws IOException {
        return read(reader, source, null);
    }

    /** Reads {@code reader} (named {@code source} in error messages) in the given layout; {@code null}: detect it. */
    public static StsDataset read(BufferedReader reader, String source, StsLayout layout) throws IOException {
        List<ScoredPair> pairs = new ArrayList<>();
        int skipped = 0;
        StsLayout effective = layout;
        boolean header = false;
        boolean first = true;
        long lineNumber = 0;
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
            if (effective == null) {
                effective = detect(fields, source, lineNumber);
            }
            if (first) {
                first = false;
                if (isHeader(fields, effective)) {
                    header = true;
                    continue;
                }
            }
            ScoredPair pair = switch (effective) {
                case STS_BENCHMARK -> parseStsBenchmark(fields, source, lineNumber);
                case SCORE_FIRST -> parseScoreFirst(fields, source, lineNumber);
            };
            if (pair == null) {
                skipped++;
            } else {
                pairs.add(pair);
            }
        }
        if (effective == null) {
            throw new MalformedDataException(source, lineNumber, "no STS pairs in file");
        }
        return new StsDataset(source, effective, pairs, skipped, header);
    }

    /**
     * A first line whose score field names a score column ({@code score}, {@code gold_score}, {@code similarity},
     * {@code label}...; no digit). A header naming another column there (e.g. {@code sid} in an 8-column
     * {@code split genre dataset year sid score ...} file) is not skipped: its line fails as a malformed score,
     * rather than every following line being read with the wrong columns.
     */
    private static boolean isHeader(String[] fields, StsLayout layout) {
        int scoreField = layout == StsLayout.STS_BENCHMARK ? 4 : 0;
        if (fields.length <= scoreField) {
            return false;
        }
        String name = fields[scoreField].strip().toLowerCase(Locale.ROOT);
        return name.chars().noneMatch(Character::isDigit)
                && (name.contains("score")
                        || name.contains("similarity")
                        || name.equals("label")
                        || name.equals("gold"));
    }

    private static StsLayout detect(String[] fields, String source, long lineNumber) {
        if (fields.length >= 7) {
            return StsLayout.STS_BENCHMARK;
        }
        if (fields.length == 3) {
            return StsLayout.SCORE_FIRST;
        }
        throw new MalformedDataException(
                source,
                lineNumber,
                "cannot tell the STS layout from a line of "
                        + fields.length + " TAB-separated fields (expected 7 or more for STS Benchmark: "
                        + "genre, file, year, id, score, sentence1, sentence2; or 3: score, sentence1, sentence2)");
    }

    private static ScoredPair parseStsBenchmark(String[] fields, String source, long lineNumber) {
        if (fields.length < 7) {
            throw new MalformedDataException(
                    source,
                    lineNumber,
                    "expected at least 7 TAB-separated fields "
                            + "(genre, file, year, id, score, sentence1, sentence2), found " + fields.length);
        }
        double score = parseScore(fields[4], source, lineNumber);
        return new ScoredPair(fields[5], fields[6], score, lineNumber);
    }

    /** Returns null for an unscored pair (empty score field). */
    private static ScoredPair parseScoreFirst(String[] fields, String source, long lineNumber) {
        if (fields.length != 3) {
            throw new MalformedDataException(
                    source,
                    lineNumber,
                    "expected 3 TAB-separated fields (score, sentence1, sentence2), found " + fields.length);
        }
        if (fields[0].isBlank()) {
            return null;
        }
        double score = parseScore(fields[0], source, lineNumber);
        return new ScoredPair(fields[1], fields[2], score, lineNumber);
    }

    private static double parseScore(String field, String source, long lineNumber) {
        double score;
        try {
            score = Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source, lineNumber, "score '" + field + "' is not a number");
        }
        if (!Double.isFinite(score)) {
            throw new MalformedDataException(source, lineNumber, "score '" + field + "' is not finite");
        }
        return score;
    }
}
