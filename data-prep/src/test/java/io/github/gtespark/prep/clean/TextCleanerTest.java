package io.github.gtespark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

    private final TextCleaner cleaner = new TextCleaner();

    @Test
    void appliesNfkc() {
        assertEquals("fi ligature 2 x", cleaner.clean("\uFB01 ligature \u2082 \uFF58"));
        assertEquals("Cafe\u0301".length() - 1, cleaner.clean("Cafe\u0301").length(), "composed");
    }

    @Test
    void stripsTagsAndUnescapesEntities() {
        assertEquals("Hello world & more", cleaner.clean("<p>Hello <b>world</b> &amp; more</p>"));
        assertEquals("a < b and c > d", cleaner.clean("a < b and c > d"));
        assertEquals("<code> stays text", cleaner.clean("&lt;code&gt; stays text"));
        assertEquals("it's \u201Cquoted\u201D", cleaner.clean("it&#39;s &ldquo;quoted&#x201D;"));
        assertEquals("unknown &bogus; stays", cleaner.clean("unknown &bogus; stays"));
        assertEquals("x y", cleaner.clean("x<!-- comment -->y"));
    }

    @Test
    void removesControlCharactersAndCollapsesWhitespace() {
        assertEquals("a b c d", cleaner.clean("  a\t\tb\r\n c\u0000\u0007 \u200Bd\u00A0 "));
        assertEquals("line one line two", cleaner.clean("line one\nline two"));
        assertEquals("", cleaner.clean(" \u0001\u2028 "));
    }
}
