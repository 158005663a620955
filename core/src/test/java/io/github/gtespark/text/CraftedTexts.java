package io.github.gtespark.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written texts that exercise every branch of the BERT normalizer, pre-tokenizer and WordPiece: accents,
 * CJK, kana, Hangul, Arabic and other scripts, emoji, combining marks, zero-width and control characters, all
 * kinds of whitespace, over-long words, numbers, URLs, special tokens inside the text, broken UTF-16.
 */
final class CraftedTexts {

    private CraftedTexts() {}

    static List<String> all() {
        List<String> t = new ArrayList<>(List.of(
                // accents and case
                "café",
                "Café au lait",
                "naïve",
                "Ångström",
                "résumé RÉSUMÉ",
                "Crème Brûlée",
                "Zoë",
                "São Paulo",
                "Dvořák",
                "Łódź",
                "İstanbul",
                "ΣΑΣ σας",
                "straße STRASSE",
                "Tiếng Việt",
                "ÀÉÎÕÜ àéîõü",
                "Ǆ ǅ ǆ",
                "\u212B\u212A\u2126", // Angstrom, Kelvin, Ohm signs (canonical decompositions)
                "e\u0301 a\u0308\u0301 o\u0328\u0304",
                "Z\u0351\u036B\u0343a\u0310\u0352l\u0300g\u0303o", // combining
                "ά έ ή ΐ ΰ",
                "\u1FEF\u1FED\u0385 \u037E\u0387", // Greek varia/dialytika, question mark, ano teleia
                "ﬁ ﬂ ² ½ Ⅻ ℃ ＡＢＣ ａｂｃ １２３", // compatibility characters (not NFKD: stay)
                // CJK, kana, Hangul
                "中文字符测试",
                "hello世界world",
                "日本語のテキストです。",
                "ひらがな カタカナ ｶﾀｶﾅ",
                "東京タワー",
                "한국어 텍스트",
                "\uD840\uDC00\uD869\uDEDF\uD86E\uDC20", // U+20000, U+2A6DF, U+2B820 (outside the CJK ranges)
                "\uF900\uFA0E\uD87E\uDC00", // compatibility ideographs
                "각 가각",
                "丶丿乀",
                "〔〕【】「」『』、。・",
                // other scripts
                "مرحبا بالعالم",
                "مَرْحَبًا",
                "שָׁלוֹם",
                "हिन्दी भाषा",
                "ภาษาไทย",
                "Ελληνικά",
                "Русский ЯЗЫК",
                "ქართული",
                "ᏣᎳᎩ",
                "አማርኛ",
                "ꦗꦮ",
                "ᐊᓂᔑᓈᐯᒧᐎᓐ\u166D",
                "\uD804\uDDC9\uD805\uDC4B",
                // emoji
                "😀 😃 🤗 🥰",
                "👍🏽",
                "👨‍👩‍👧",
                "🇫🇷🇩🇪",
                "❤️ ☺︎",
                "I ❤ NY",
                "a😀b",
                "😀😀😀😀😀",
                // zero-width and control characters
                "zero\u200Bwidth",
                "zero\u200Cnon\u200Djoiner",
                "\uFEFFbom",
                "word\u2060joiner",
                "soft\u00ADhyphen",
                "nul\u0000char",
                "bell\u0007 esc\u001B[31mred\u001B[0m",
                "del\u007Fchar",
                "c1\u0085\u009F\u0080",
                "bidi\u202Eevil\u202C",
                "tag\uDB40\uDC41\uDB40\uDC7F",
                "replacement\uFFFDchar",
                "private\uE000use",
                "noncharacter\uFFFF",
                "unassigned\u0378 \u0378",
                "variation\uFE0F\uFE0E",
                // whitespace
                "tab\tseparated\tvalues",
                "line\nbreak",
                "windows\r\nline",
                "vertical\u000Btab",
                "form\u000Cfeed",
                "nbsp\u00A0space",
                "ideographic\u3000space",
                "em\u2003space thin\u2009space",
                "line\u2028sep\u2029para",
                "narrow\u202Fnbsp\u205Fmath\u1680ogham",
                "file\u001Cgroup\u001Drecord\u001Eunit\u001F",
                "   ",
                "\t\n",
                " leading and trailing ",
                "",
                // word length limits
                "a".repeat(99),
                "a".repeat(100),
                "a".repeat(101),
                "ab".repeat(60),
                "x" + "é".repeat(100),
                "supercalifragilisticexpialidocious",
                "pneumonoultramicroscopicsilicovolcanoconiosis",
                "😀".repeat(60),
                "word " + "unbelievable".repeat(9) + " end",
                // numbers, punctuation, URLs
                "3.14159",
                "1,000,000",
                "$12.50",
                "50%",
                "10-20",
                "+1 (555) 123-4567",
                "2023-01-01T12:00:00Z",
                "https://example.com/path/to/page?q=1&x=y#frag",
                "user.name+tag@example.co.uk",
                "C++ and C# and F#",
                "e.g. i.e. etc.",
                "...!!!???",
                "\"quoted\" 'single' `back`",
                "«guillemets» „German“ ‘curly’ “double”",
                "em—dash en–dash ‐hyphen",
                "¿Qué? ¡Hola!",
                "§ ¶ † ‡ • ‰ ′ ″",
                "~!@#$%^&*()_+{}|:<>?[]\\;',./",
                "¢ £ ¥ € ₹ ₿",
                "∑∫≈≠≤≥ √ ∞",
                "© ® ™",
                "½ ¼ ¾",
                // special tokens in the text
                "[CLS] hello [SEP]",
                "a [MASK] b",
                "[mask] is lowercase",
                "[UNK]x",
                "[SEP][SEP]",
                "[PAD",
                "[[MASK]]",
                "x[PAD]y",
                "[CLS]",
                "##",
                "##ing",
                "un##affable",
                "unaffable",
                // broken UTF-16
                "lone\uD83D",
                "\uDE00reversed\uD83D",
                "high\uD800\uD800low"));
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            longText.append(t.get(i * 3 % t.size())).append(i % 2 == 0 ? ' ' : '\n');
        }
        t.add(longText.toString());
        t.add("The quick brown fox jumps over the lazy dog. ".repeat(80));
        // longer than the tokenizer's normalization chunk (2048 chars), non-ASCII and marks around every cut
        t.add("Crème brûlée a\u0308\u0301 中文字 😀 Ångström\tİstanbul\n".repeat(120));
        t.add("x".repeat(2047) + "é\u0301 " + "naïve".repeat(500) + " \u0301\u0323" + "y".repeat(3000));
        return t;
    }
}
