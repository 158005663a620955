package io.github.gtespark.prep.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.RecordId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineParsersTest {

    private static SourceSpec spec(String source) {
        return PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(new String[] {"--source", source}))
                .source(0);
    }

    private static InputLine line(long n, String text) {
        return new InputLine(0, n, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(List<Outcome> out) {
        assertEquals(1, out.size());
        assertFalse(out.get(0).isKept(), "expected an exclusion");
        return out.get(0).excluded().reason();
    }

    @Test
    void jsonlQueryPosNegLayoutGivesOnePairPerPositive() {
        JsonlPairParser p = new JsonlPairParser(spec("s=jsonl:/x"));
        List<Outcome> out = p.parse(line(3, "{\"query\": \"q\", \"pos\": [\"d1\", \"d2\"], \"neg\": [\"n1\"]}"));
        assertEquals(2, out.size());
        assertEquals("d1", out.get(0).kept().doc());
        assertEquals("d2", out.get(1).kept().doc());
        assertArrayEquals(new String[] {"n1"}, out.get(1).kept().negs());
        assertEquals(3, RecordId.line(out.get(1).kept().id()));
        assertEquals(1, RecordId.pairInLine(out.get(1).kept().id()));
        assertEquals(
                "d",
                new JsonlPairParser(spec("s=jsonl:/x"))
                        .parse(line(0, "{\"query\":\"q\",\"pos\":\"d\"}"))
                        .get(0)
                        .kept()
                        .doc(),
                "a single string positive");
    }

    @Test
    void jsonlLineWithMorePositivesThanIdsAllowIsCountedNotLost() {
        StringBuilder sb = new StringBuilder("{\"query\": \"q\", \"pos\": [");
        for (int i = 0; i < 300; i++) {
            sb.append(i == 0 ? "" : ", ").append("\"doc ").append(i).append('"');
        }
        List<Outcome> out = new JsonlPairParser(spec("s=jsonl:/x"))
                .parse(line(0, sb.append("]}").toString()));
        assertEquals(300, out.size());
        assertEquals(255, out.stream().filter(Outcome::isKept).count());
        assertTrue(out.stream()
                .filter(o -> !o.isKept())
                .allMatch(o -> o.excluded().reason().equals(ExclusionReason.TOO_MANY_PAIRS_IN_LINE)));
    }

    @Test
    void jsonlConfigurableFields() {
        JsonlPairParser p = new JsonlPairParser(spec("s=jsonl:/x#query=a,doc=b"));
        Outcome o = p.parse(line(0, "{\"a\": \"left\", \"b\": \"right\"}")).get(0);
        assertEquals("left", o.kept().query());
        assertEquals("right", o.kept().doc());
        assertEquals(0, o.kept().negs().length);
    }

    @Test
    void jsonlMalformedInputBecomesExclusions() {
        JsonlPairParser p = new JsonlPairParser(spec("s=jsonl:/x"));
        assertEquals(ExclusionReason.MALFORMED_JSON, reason(p.parse(line(0, "{\"query\": \"q\", \"pos\": [\"d\"]"))));
        assertEquals(ExclusionReason.MALFORMED_JSON, reason(p.parse(line(0, "[1, 2]"))));
        assertEquals(ExclusionReason.MALFORMED_JSON, reason(p.parse(line(0, "not json at all"))));
        assertEquals(ExclusionReason.MISSING_FIELD, reason(p.parse(line(0, "{\"pos\": [\"d\"]}"))));
        assertEquals(ExclusionReason.MISSING_FIELD, reason(p.parse(line(0, "{\"query\": \"q\", \"pos\": []}"))));
        assertEquals(ExclusionReason.MISSING_FIELD, reason(p.parse(line(0, "{\"query\": null, \"pos\": [\"d\"]}"))));
        assertEquals(ExclusionReason.WRONG_TYPE, reason(p.parse(line(0, "{\"query\": 5, \"pos\": [\"d\"]}"))));
        assertEquals(ExclusionReason.WRONG_TYPE, reason(p.parse(line(0, "{\"query\": \"q\", \"pos\": {\"x\": 1}}"))));
        assertEquals(
                ExclusionReason.WRONG_TYPE,
                reason(p.parse(line(0, "{\"query\": \"q\", \"pos\": [\"d\"], \"neg\": [3]}"))));
        List<Outcome> mixed = p.parse(line(0, "{\"query\": \"q\", \"pos\": [\"d\", 4]}"));
        assertTrue(mixed.get(0).isKept());
        assertEquals(ExclusionReason.WRONG_TYPE, mixed.get(1).excluded().reason());
        byte[] invalid = {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        List<Outcome> bad = p.parse(new InputLine(0, 9, invalid));
        assertEquals(ExclusionReason.INVALID_UTF8, reason(bad));
        assertTrue(bad.get(0).excluded().line().contains("\uFFFD"), "raw line kept (lossy) for inspection");
        assertEquals(0, p.parse(line(0, "   ")).size(), "blank lines are not records");
    }

    @Test
    void tsvByHeaderNamesWithUnescape() {
        TsvPairParser p = new TsvPairParser(spec("d=tsv:/x#header=true,query=synopsis,doc=description"));
        assertEquals(0, p.parse(line(0, "package\tsynopsis\tdescription")).size());
        Outcome o = p.parse(line(1, "pkg\tA tool\tFirst paragraph. \\n Second \\\\ paragraph."))
                .get(0);
        assertEquals("A tool", o.kept().query());
        assertEquals("First paragraph. \n Second \\ paragraph.", o.kept().doc());
        assertEquals(ExclusionReason.MISSING_FIELD, reason(p.parse(line(2, "pkg\tonly two"))));
        assertEquals(ExclusionReason.INVALID_UTF8, reason(p.parse(new InputLine(0, 3, new byte[] {
            'a', '\t', (byte) 0xFF, '\t', 'b'
        }))));
    }

    @Test
    void tsvHeaderWithoutConfiguredColumnExcludesEveryLine() {
        TsvPairParser p = new TsvPairParser(spec("d=tsv:/x#header=true,query=title,doc=body"));
        p.parse(line(0, "a\tb"));
        List<Outcome> out = p.parse(line(1, "x\ty"));
        assertEquals(ExclusionReason.MISSING_FIELD, reason(out));
        assertTrue(out.get(0).excluded().detail().contains("title"));
    }

    @Test
    void tsvByColumnNumbers() {
        TsvPairParser p = new TsvPairParser(spec("t=tsv:/x"));
        Outcome o = p.parse(line(0, "left side\tright side\textra")).get(0);
        assertEquals("left side", o.kept().query());
        assertEquals("right side", o.kept().doc());
    }

    @Test
    void tsvScoreColumnIsReadAndRangeChecked() {
        // the STS Benchmark layout: genre, file, year, id, score, sentence1, sentence2 (sometimes 2 extra columns)
        TsvPairParser p = new TsvPairParser(spec("stsb=tsv:/x#query=5,doc=6,score=4,score-min=0,score-max=5"));
        Outcome ok = p.parse(line(0, "main-captions\tMSRvid\t2012test\t0001\t4.250\tA man.\tA person.\tx\ty"))
                .get(0);
        assertEquals(4.25, ok.kept().score());
        assertEquals("A man.", ok.kept().query());
        assertEquals(0.0, p.parse(line(1, "g\tf\ty\t2\t0\tq\td")).get(0).kept().score());
        assertEquals(
                5.0, p.parse(line(2, "g\tf\ty\t2\t5.0\tq\td")).get(0).kept().score(), "bounds inclusive");
        assertEquals(ExclusionReason.MISSING_SCORE, reason(p.parse(line(3, "g\tf\ty\t2\t \tq\td"))));
        assertEquals(ExclusionReason.INVALID_SCORE, reason(p.parse(line(4, "g\tf\ty\t2\tfour\tq\td"))));
        assertEquals(ExclusionReason.INVALID_SCORE, reason(p.parse(line(5, "g\tf\ty\t2\tNaN\tq\td"))));
        assertEquals(ExclusionReason.INVALID_SCORE, reason(p.parse(line(6, "g\tf\ty\t2\tInfinity\tq\td"))));
        List<Outcome> high = p.parse(line(7, "g\tf\ty\t2\t5.2\tq\td"));
        assertEquals(ExclusionReason.SCORE_OUT_OF_RANGE, reason(high));
        assertEquals("4 = '5.2', allowed [0.0, 5.0]", high.get(0).excluded().detail());
        assertEquals(ExclusionReason.SCORE_OUT_OF_RANGE, reason(p.parse(line(8, "g\tf\ty\t2\t-0.1\tq\td"))));
        // the score column lies before the text columns here: a short line lacks the texts, not the score
        assertEquals(ExclusionReason.MISSING_FIELD, reason(p.parse(line(9, "g\tf\ty\t2\t3"))));
        // without bounds any finite number is a score; without the option no score at all
        TsvPairParser any = new TsvPairParser(spec("t=tsv:/x#score=2"));
        assertEquals(-17.5, any.parse(line(0, "q\td\t-17.5")).get(0).kept().score());
        assertEquals(ExclusionReason.MISSING_SCORE, reason(any.parse(line(1, "q\td"))));
        assertFalse(new TsvPairParser(spec("t=tsv:/x"))
                .parse(line(0, "q\td\t3"))
                .get(0)
                .kept()
                .hasScore());
    }

    @Test
    void tsvScoreColumnByHeaderName() {
        TsvPairParser p = new TsvPairParser(spec("s=tsv:/x#header=true,query=a,doc=b,score=label"));
        assertTrue(p.parse(line(0, "label\ta\tb")).isEmpty());
        assertEquals(0.75, p.parse(line(1, "0.75\tleft\tright")).get(0).kept().score());
        TsvPairParser missing = new TsvPairParser(spec("s=tsv:/x#header=true,query=a,doc=b,score=gold"));
        missing.parse(line(0, "label\ta\tb"));
        List<Outcome> out = missing.parse(line(1, "0.75\tleft\tright"));
        assertEquals(ExclusionReason.MISSING_FIELD, reason(out));
        assertTrue(
                out.get(0).excluded().detail().contains("[gold]"),
                out.get(0).excluded().detail());
    }

    @Test
    void jsonlScoreFieldIsReadAndRangeChecked() {
        JsonlPairParser p = new JsonlPairParser(spec("s=jsonl:/x#score=label,score-min=0,score-max=1"));
        List<Outcome> two = p.parse(line(0, "{\"query\": \"q\", \"pos\": [\"a\", \"b\"], \"label\": 0.5}"));
        assertEquals(2, two.size());
        assertEquals(0.5, two.get(0).kept().score(), "one score for every pair of the line");
        assertEquals(0.5, two.get(1).kept().score());
        assertEquals(
                1.0,
                p.parse(line(1, "{\"query\": \"q\", \"pos\": \"a\", \"label\": 1}"))
                        .get(0)
                        .kept()
                        .score());
        assertEquals(ExclusionReason.MISSING_SCORE, reason(p.parse(line(2, "{\"query\": \"q\", \"pos\": \"a\"}"))));
        assertEquals(
                ExclusionReason.MISSING_SCORE,
                reason(p.parse(line(3, "{\"query\": \"q\", \"pos\": \"a\", \"label\": null}"))));
        List<Outcome> text = p.parse(line(4, "{\"query\": \"q\", \"pos\": \"a\", \"label\": \"0.5\"}"));
        assertEquals(ExclusionReason.INVALID_SCORE, reason(text));
        assertEquals("label is STRING, not a number", text.get(0).excluded().detail());
        assertEquals(
                ExclusionReason.INVALID_SCORE,
                reason(p.parse(line(5, "{\"query\": \"q\", \"pos\": \"a\", \"label\": 1e999}"))));
        assertEquals(
                ExclusionReason.SCORE_OUT_OF_RANGE,
                reason(p.parse(line(6, "{\"query\": \"q\", \"pos\": \"a\", \"label\": 1.5}"))));
        assertFalse(new JsonlPairParser(spec("s=jsonl:/x"))
                .parse(line(0, "{\"query\": \"q\", \"pos\": \"a\", \"score\": 2}"))
                .get(0)
                .kept()
                .hasScore());
    }

    @Test
    void stackExchangeRows() {
        StackExchangeRowParser p = new StackExchangeRowParser(spec("se=stackexchange:/x"));
        assertEquals(
                0,
                p.parse(line(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>")).size());
        assertEquals(0, p.parse(line(1, "<posts>")).size());
        StackExchangePost q = p.parse(
                        line(
                                2,
                                "  <row Id=\"5\" PostTypeId=\"1\" AcceptedAnswerId=\"9\" Score=\"3\" "
                                        + "Body=\"&lt;p&gt;Why &amp;amp; how?&lt;/p&gt;&#xA;\" Title=\"A &quot;title&quot;\" />"))
                .get(0)
                .post();
        assertEquals(5, q.postId());
        assertEquals(9, q.acceptedAnswerId());
        assertEquals("<p>Why &amp; how?</p>\n", q.body());
        assertEquals("A \"title\"", q.title());
        String[] broken = {
            "  <row Id=\"6\" PostTypeId=\"1\" Title=\"unterminated",
            "  <row Id=\"6\" PostTypeId=\"1\" Title=\"x\" Body=\"a &bogus; b\" />",
            "  <row Id=\"x6\" PostTypeId=\"1\" />",
            "  <row PostTypeId=\"1\" Title=\"no id\" />",
            "  <row Id=\"6\" PostTypeId=\"1\" Title=\"no closing quote />",
            "  <row Id=\"6\" PostTypeId=\"1\" Title=\"raw < inside\" />",
            "  <nonsense/>"
        };
        for (String b : broken) {
            List<StackExchangeRowParser.Parsed> out = p.parse(line(3, b));
            assertEquals(1, out.size(), b);
            assertNull(out.get(0).post(), b);
            assertEquals(ExclusionReason.MALFORMED_XML, out.get(0).exclusion().reason(), b);
        }
        assertEquals(
                0,
                p.parse(line(4, "  <row Id=\"7\" PostTypeId=\"5\" Body=\"wiki\" />"))
                        .size(),
                "other post types");
    }

    @Test
    void byteLineReaderHandlesBomCrLfAndMissingFinalNewline() throws IOException {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\r', '\n', '\n', 'b', 'c'};
        List<String> lines = new ArrayList<>();
        try (ByteLineReader r = new ByteLineReader(new ByteArrayInputStream(bytes))) {
            for (byte[] l = r.next(); l != null; l = r.next()) {
                lines.add(new String(l, StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("a", "", "bc"), lines);
    }

    @Test
    void longLinesSpanBuffers() throws IOException {
        String big = "x".repeat(200_000);
        try (ByteLineReader r =
                new ByteLineReader(new ByteArrayInputStream((big + "\nend").getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(200_000, r.next().length);
            assertEquals("end", new String(r.next(), StandardCharsets.UTF_8));
            assertNull(r.next());
        }
    }
}
