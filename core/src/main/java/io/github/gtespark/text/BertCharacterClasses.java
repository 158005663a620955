package io.github.gtespark.text;

/**
 * The character classes that Hugging Face {@code tokenizers}' {@code BertNormalizer} and {@code BertPreTokenizer}
 * test code points against: whitespace (Rust {@code char::is_whitespace}, the Unicode White_Space property),
 * "control" (Unicode category C*, except tab, newline and carriage return, which count as whitespace),
 * punctuation (the ASCII punctuation ranges 33-47, 58-64, 91-96, 123-126, or Unicode category P*),
 * non-spacing marks (category Mn, dropped when stripping accents) and CJK ideographs (the ranges of the
 * reference {@code is_chinese_char}).
 *
 * <p>The reference takes general categories from the {@code unicode_categories} 0.1.1 crate, whose tables are of
 * Unicode 8.0. Here they come from the JDK (Java 17: Unicode 13.0), corrected by the lists below: code points that
 * Unicode 8.0 had not assigned yet (or, for U+166D, categorised differently). The lists were derived by comparing
 * every code point against the reference ({@code BertTokenizerCodePointSweepTest} re-checks all of them).
 * ASCII is answered from lookup tables.
 */
final class BertCharacterClasses {

    /** Category Mn in the JDK, unassigned in Unicode 8.0: inclusive ranges. */
    private static final int[] MN_AFTER_UNICODE_8 = {
        0x7FD, 0x7FD, 0x8D3, 0x8E1, 0x9FE, 0x9FE, 0xAFA, 0xAFF, 0xB55, 0xB55, 0xC04, 0xC04, 0xD00, 0xD00, 0xD3B, 0xD3C,
        0xD81, 0xD81, 0xEBA, 0xEBA, 0x1885, 0x1886, 0x1ABF, 0x1AC0, 0x1DF6, 0x1DF9, 0x1DFB, 0x1DFB, 0xA82C, 0xA82C,
        0xA8C5, 0xA8C5, 0xA8FF, 0xA8FF, 0xA9BD, 0xA9BD, 0x10D24, 0x10D27, 0x10EAB, 0x10EAC, 0x10F46, 0x10F50, 0x111C9,
        0x111C9, 0x111CF, 0x111CF, 0x1123E, 0x1123E, 0x1133B, 0x1133B, 0x11438, 0x1143F, 0x11442, 0x11444, 0x11446,
        0x11446, 0x1145E, 0x1145E, 0x1182F, 0x11837, 0x11839, 0x1183A, 0x1193B, 0x1193C, 0x1193E, 0x1193E, 0x11943,
        0x11943, 0x119D4, 0x119D7, 0x119DA, 0x119DB, 0x119E0, 0x119E0, 0x11A01, 0x11A0A, 0x11A33, 0x11A38, 0x11A3B,
        0x11A3E, 0x11A47, 0x11A47, 0x11A51, 0x11A56, 0x11A59, 0x11A5B, 0x11A8A, 0x11A96, 0x11A98, 0x11A99, 0x11C30,
        0x11C36, 0x11C38, 0x11C3D, 0x11C3F, 0x11C3F, 0x11C92, 0x11CA7, 0x11CAA, 0x11CB0, 0x11CB2, 0x11CB3, 0x11CB5,
        0x11CB6, 0x11D31, 0x11D36, 0x11D3A, 0x11D3A, 0x11D3C, 0x11D3D, 0x11D3F, 0x11D45, 0x11D47, 0x11D47, 0x11D90,
        0x11D91, 0x11D95, 0x11D95, 0x11D97, 0x11D97, 0x11EF3, 0x11EF4, 0x16F4F, 0x16F4F, 0x16FE4, 0x16FE4, 0x1E000,
        0x1E006, 0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024, 0x1E026, 0x1E02A, 0x1E130, 0x1E136, 0x1E2EC,
        0x1E2EF, 0x1E944, 0x1E94A,
    };

    /** Category Cf in the JDK, unassigned in Unicode 8.0. */
    private static final int[] CF_AFTER_UNICODE_8 = {0x8E2, 0x8E2, 0x110CD, 0x110CD, 0x13430, 0x13438};

    /** Category P* in the JDK, unassigned in Unicode 8.0. */
    private static final int[] P_AFTER_UNICODE_8 = {
        0x9FD, 0x9FD, 0xA76, 0xA76, 0xC77, 0xC77, 0xC84, 0xC84, 0x2E43, 0x2E4F, 0x2E52, 0x2E52, 0x10EAD, 0x10EAD,
        0x10F55, 0x10F59, 0x1144B, 0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x1145D, 0x11660, 0x1166C, 0x1183B, 0x1183B,
        0x11944, 0x11946, 0x119E2, 0x119E2, 0x11A3F, 0x11A46, 0x11A9A, 0x11A9C, 0x11A9E, 0x11AA2, 0x11C41, 0x11C45,
        0x11C70, 0x11C71, 0x11EF7, 0x11EF8, 0x11FFF, 0x11FFF, 0x16E97, 0x16E9A, 0x16FE2, 0x16FE2, 0x1E95E, 0x1E95F,
    };

    /**
     * Po in Unicode 8.0, recategorised since: CANADIAN SYLLABICS CHI SIGN (So since Unicode 12), SHARADA SANDHI
     * MARK (Mn since Unicode 10).
     */
    private static final int CHI_SIGN = 0x166D;

    private static final int SHARADA_SANDHI_MARK = 0x111C9;

    private static final boolean[] ASCII_PUNCTUATION = new boolean[128];
    /** ASCII code points dropped by clean_text: C0 controls other than tab/newline/carriage return, NUL, DEL. */
    private static final boolean[] ASCII_CONTROL = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII_PUNCTUATION[c] =
                    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
            ASCII_CONTROL[c] = (c < 32 && c != '\t' && c != '\n' && c != '\r') || c == 127;
        }
    }

    private BertCharacterClasses() {}

    static boolean isAsciiPunctuation(char c) {
        return ASCII_PUNCTUATION[c];
    }

    static boolean isAsciiControl(char c) {
        return ASCII_CONTROL[c];
    }

    /** Rust's {@code char::is_whitespace}: the Unicode White_Space property. */
    static boolean isWhitespace(int cp) {
        if (cp < 0x80) {
            return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
        }
        switch (cp) {
            case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return true;
            default:
                return cp >= 0x2000 && cp <= 0x200A;
        }
    }

    /**
     * The reference's {@code is_control}: category Cc, Cf or Co (its Cn table is empty), except tab, newline and
     * carriage return.
     * Code points matching it are removed by clean_text (before whitespace is mapped to a space).
     */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.PRIVATE_USE:
                return true;
            case Character.FORMAT:
                return !inRanges(cp, CF_AFTER_UNICODE_8);
            default:
                return false;
        }
    }

    /** The reference's {@code is_bert_punc}: ASCII punctuation or Unicode category P*. */
    static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return ASCII_PUNCTUATION[cp];
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION:
                return !inRanges(cp, P_AFTER_UNICODE_8);
            default:
                return cp == CHI_SIGN || cp == SHARADA_SANDHI_MARK;
        }
    }

    /** Category Mn: what strip_accents removes after NFD. */
    static boolean isNonSpacingMark(int cp) {
        return Character.getType(cp) == Character.NON_SPACING_MARK && !inRanges(cp, MN_AFTER_UNICODE_8);
    }

    /** Whether {@code cp} lies in one of the sorted inclusive ranges {@code [lo0, hi0, lo1, hi1, ...]}. */
    private static boolean inRanges(int cp, int[] ranges) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The CJK ideograph ranges of the reference's {@code is_chinese_char} (spaces are put around these). */
    static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /**
     * True when NFD leaves {@code cp} unchanged whatever surrounds it: it has no canonical decomposition and is not
     * a combining mark (marks may be reordered or, when stripping accents, removed). Conservative outside the BMP:
     * the supplementary blocks that hold canonical decompositions count as not inert.
     */
    static boolean isNfdInert(int cp) {
        if (cp < 0x80) {
            return true;
        }
        if (cp <= 0xFFFF) {
            return (NfdInertBmp.BITS[cp >>> 6] & (1L << cp)) != 0;
        }
        if ((cp >= 0x11000 && cp <= 0x11FFF) || (cp >= 0x1D100 && cp <= 0x1D1FF) || (cp >= 0x2F800 && cp <= 0x2FA1F)) {
            return false;
        }
        return !isMark(cp);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** NFD-inert flags of the BMP, computed once from {@link java.text.Normalizer}. */
    private static final class NfdInertBmp {
        static final long[] BITS = new long[1024];

        static {
            char[] one = new char[1];
            for (int c = 0x80; c <= 0xFFFF; c++) {
                if (Character.isSurrogate((char) c) || isMark(c)) {
                    continue;
                }
                one[0] = (char) c;
                if (java.text.Normalizer.isNormalized(java.nio.CharBuffer.wrap(one), java.text.Normalizer.Form.NFD)) {
                    BITS[c >>> 6] |= 1L << c;
                }
            }
        }
    }

    /**
     * Rust's {@code char::to_lowercase} of one code point, appended to {@code out} at {@code pos}; returns the new
     * position. Differs from {@link Character#toLowerCase(int)} only for U+0130, whose full lowercase mapping is
     * "i" followed by U+0307.
     */
    static int appendLowercase(int cp, char[] out, int pos) {
        if (cp == 0x130) {
            out[pos] = 'i';
            out[pos + 1] = '\u0307';
            return pos + 2;
        }
        return pos + Character.toChars(Character.toLowerCase(cp), out, pos);
    }
}
