package io.github.gtespark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.config.CleanSettings;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.text.BertTokenizer;
import org.junit.jupiter.api.Test;

class PairFilterTest {

    private static final BertTokenizer TOKENIZER = BertTokenizer.bertBaseUncased();
    private static final CleanSettings ALL_ON = new CleanSettings(5, 200, 2, 40, 0.5, true, true, 0.8, 8, 0.05);

    private final PairFilter filter = new PairFilter(ALL_ON);

    @Test
    void passesOrdinaryEnglish() {
        assertNull(
                filter.rejectText("The library provides functions for parsing of the configuration files.", TOKENIZER));
        assertNull(filter.rejectText("Real-time strategy game", TOKENIZER), "short text judged by script only");
    }

    @Test
    void emptyAndCharacterLengths() {
        assertEquals(ExclusionReason.EMPTY, filter.rejectText("", TOKENIZER));
        assertEquals(ExclusionReason.EMPTY, filter.rejectText(null, TOKENIZER));
        assertEquals(ExclusionReason.TOO_SHORT_CHARS, filter.rejectText("abcd", TOKENIZER));
        assertEquals(
                ExclusionReason.TOO_LONG_CHARS,
                filter.rejectText("word ".repeat(41).trim(), TOKENIZER));
    }

    @Test
    void tokenLengths() {
        // 5+ characters but one word piece
        assertEquals(ExclusionReason.TOO_SHORT_TOKENS, filter.rejectText("house", TOKENIZER));
        // under 200 characters, but more than 40 word pieces
        String many = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t";
        assertTrue(TOKENIZER.tokenCount(many) > 40);
        assertEquals(ExclusionReason.TOO_LONG_TOKENS, filter.rejectText(many, TOKENIZER));
        PairFilter off = new PairFilter(new CleanSettings(1, 0, 0, 0, 0, false, false, 0, 0, 0));
        assertNull(off.rejectText(many, null), "token checks off need no tokenizer");
    }

    @Test
    void mostlyNonAlphabetic() {
        assertEquals(ExclusionReason.NON_ALPHABETIC, filter.rejectText("1234 5678 90 -- ++ ## x", TOKENIZER));
        assertEquals(0.5, PairFilter.alphaRatio("ab12"), 1e-9);
    }

    @Test
    void notEnglishByScriptAndByFunctionWords() {
        assertEquals(ExclusionReason.NOT_ENGLISH, filter.rejectText("Это описание пакета программ", TOKENIZER));
        assertEquals(
                ExclusionReason.NOT_ENGLISH,
                filter.rejectText(
                        "Dieses Paket enthält Werkzeuge zur Verwaltung verschiedener Dateisysteme unter Linux",
                        TOKENIZER));
        assertNull(filter.rejectText(
                "This package contains tools for the management of file systems on Linux", TOKENIZER));
        PairFilter languageOff = new PairFilter(new CleanSettings(5, 200, 0, 0, 0.5, true, false, 0.8, 8, 0.05));
        assertNull(languageOff.rejectText("Это описание пакета программ", null));
    }

    @Test
    void queryEqualsDocIsCaseInsensitive() {
        assertTrue(filter.queryEqualsDoc("Same Text", "same text"));
        assertFalse(filter.queryEqualsDoc("Same Text", "other text"));
    }

    @Test
    void englishCheckCounts() {
        int[] c = EnglishTextCheck.functionWordCounts("The cat sat on the mat, it's fine.");
        assertEquals(8, c[0]);
        assertEquals(3, c[1]);
        assertEquals(0.5, EnglishTextCheck.latinRatio("abcдежз".substring(0, 6)), 1e-9);
    }
}
