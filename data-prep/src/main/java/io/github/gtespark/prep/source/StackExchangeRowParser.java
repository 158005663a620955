package io.github.gtespark.prep.source;

import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.RecordId;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the lines of a Stack Exchange {@code Posts.xml} dump, where every post is one line
 * {@code <row Id=".." PostTypeId=".." ... />} with XML-escaped attribute values. The XML declaration and the
 * {@code <posts>} element lines are structure and yield nothing; a row that is not well-formed (unterminated,
 * bad attribute syntax, unknown entity, missing or non-numeric Id/PostTypeId) yields a {@code malformed_xml}
 * exclusion; rows of other post types (wiki, tag excerpts) are not pairs and yield nothing.
 */
public final class StackExchangeRowParser implements LineParser<StackExchangeRowParser.Parsed> {

    /** A parsed row: a question/answer post, or an exclusion. */
    public record Parsed(StackExchangePost post, Exclusion exclusion) implements Serializable {}

    private final SourceSpec spec;

    public StackExchangeRowParser(SourceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<Parsed> parse(InputLine line) {
        long id = RecordId.of(spec.index(), line.fileIndex(), line.lineNumber(), 0);
        String text = StrictUtf8.decodeOrNull(line.bytes());
        if (text == null) {
            return List.of(bad(id, StrictUtf8.decodeLossy(line.bytes()), ExclusionReason.INVALID_UTF8, null));
        }
        String t = text.strip();
        if (t.isEmpty() || t.startsWith("<?xml") || t.equals("<posts>") || t.equals("</posts>")) {
            return List.of();
        }
        if (!t.startsWith("<row")) {
            return List.of(bad(id, text, ExclusionReason.MALFORMED_XML, "not a <row/> element"));
        }
        if (!t.endsWith("/>")) {
            return List.of(bad(id, text, ExclusionReason.MALFORMED_XML, "row not terminated by />"));
        }
        Map<String, String> attrs;
        try {
            attrs = attributes(t.substring(4, t.length() - 2));
        } catch (IllegalArgumentException e) {
            return List.of(bad(id, text, ExclusionReason.MALFORMED_XML, e.getMessage()));
        }
        long postId;
        int type;
        try {
            postId = Long.parseLong(required(attrs, "Id"));
            type = Integer.parseInt(required(attrs, "PostTypeId"));
        } catch (IllegalArgumentException e) {
            return List.of(bad(id, text, ExclusionReason.MALFORMED_XML, e.getMessage()));
        }
        if (type != StackExchangePost.QUESTION && type != StackExchangePost.ANSWER) {
            return List.of();
        }
        try {
            return List.of(new Parsed(
                    new StackExchangePost(
                            line.fileIndex(),
                            id,
                            postId,
                            type,
                            number(attrs, "ParentId"),
                            number(attrs, "AcceptedAnswerId"),
                            number(attrs, "Score"),
                            attrs.get("Title"),
                            attrs.get("Body")),
                    null));
        } catch (IllegalArgumentException e) {
            return List.of(bad(id, text, ExclusionReason.MALFORMED_XML, e.getMessage()));
        }
    }

    private static String required(Map<String, String> attrs, String name) {
        String v = attrs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing attribute " + name);
        }
        return v;
    }

    private static long number(Map<String, String> attrs, String name) {
        String v = attrs.get(name);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + name + " is not a number: " + v);
        }
    }

    /** Parses {@code name="value"} pairs separated by white space; values are XML-unescaped. */
    static Map<String, String> attributes(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int nameStart = i;
            while (i < n
                    && (Character.isLetterOrDigit(s.charAt(i))
                            || s.charAt(i) == '_'
                            || s.charAt(i) == ':'
                            || s.charAt(i) == '-')) {
                i++;
            }
            if (i == nameStart) {
                throw new IllegalArgumentException("bad attribute syntax at column " + i);
            }
            String name = s.substring(nameStart, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new IllegalArgumentException("attribute " + name + " has no value");
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || (s.charAt(i) != '"' && s.charAt(i) != '\'')) {
                throw new IllegalArgumentException("attribute " + name + " value is not quoted");
            }
            char quote = s.charAt(i++);
            int end = s.indexOf(quote, i);
            if (end < 0) {
                throw new IllegalArgumentException("attribute " + name + " value is not terminated");
            }
            String raw = s.substring(i, end);
            if (raw.indexOf('<') >= 0) {
                throw new IllegalArgumentException("attribute " + name + " contains a raw '<'");
            }
            if (out.put(name, unescape(raw)) != null) {
                throw new IllegalArgumentException("duplicate attribute " + name);
            }
            i = end + 1;
            if (i < n && !Character.isWhitespace(s.charAt(i))) {
                throw new IllegalArgumentException("no space after attribute " + name);
            }
        }
    }

    /** XML attribute unescaping: the five predefined entities and numeric character references. */
    static String unescape(String raw) {
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, amp);
        int i = amp;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int semi = raw.indexOf(';', i);
            if (semi < 0) {
                throw new IllegalArgumentException("unterminated entity reference");
            }
            String ref = raw.substring(i + 1, semi);
            switch (ref) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    if (!ref.startsWith("#")) {
                        throw new IllegalArgumentException("unknown entity &" + ref + ";");
                    }
                    try {
                        int cp = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
                                ? Integer.parseInt(ref.substring(2), 16)
                                : Integer.parseInt(ref.substring(1));
                        out.appendCodePoint(cp);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("bad character reference &" + ref + ";");
                    }
                }
            }
            i = semi + 1;
        }
        return out.toString();
    }

    private Parsed bad(long id, String line, String reason, String detail) {
        return new Parsed(null, Exclusion.ofLine(spec.index(), spec.name(), reason, id, line, detail));
    }

    @Override
    public List<Parsed> unreadable(int fileIndex, long lineNumber, String file, String error) {
        long id = RecordId.of(spec.index(), fileIndex, lineNumber, 0);
        return List.of(bad(
                id, null, ExclusionReason.UNREADABLE_INPUT, file + " from line " + (lineNumber + 1) + ": " + error));
    }
}
