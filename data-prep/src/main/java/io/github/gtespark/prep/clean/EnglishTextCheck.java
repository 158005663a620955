package io.github.gtespark.prep.clean;

import java.io.Serializable;
import java.util.Set;

/**
 * A cheap language check for English text: the share of Latin-script letters among all letters, and, for texts of
 * at least {@code minWords} words, the share of words that are common English function words (articles,
 * prepositions, pronouns, auxiliaries). Short texts (titles, synopses) are judged by script alone.
 */
public final class EnglishTextCheck implements Serializable {

    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "of", "in", "on", "at", "to", "for", "from", "by", "with",
            "about", "as", "into", "through", "over", "under", "between", "after", "before", "during", "without", "is",
            "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "will",
            "would", "can", "could", "should", "may", "might", "must", "shall", "not", "no", "so", "than", "then",
            "that", "this", "these", "those", "there", "here", "it", "its", "i", "you", "he", "she", "we", "they", "me",
            "him", "her", "us", "them", "my", "your", "his", "our", "their", "which", "who", "whom", "whose", "what",
            "when", "where", "why", "how", "all", "any", "some", "each", "other", "such", "also", "only", "more",
            "most", "very", "just", "up", "out", "while", "because", "until", "both", "either");

    private final double minLatinRatio;
    private final int minWords;
    private final double minFunctionWordRatio;

    public EnglishTextCheck(double minLatinRatio, int minWords, double minFunctionWordRatio) {
        this.minLatinRatio = minLatinRatio;
        this.minWords = minWords;
        this.minFunctionWordRatio = minFunctionWordRatio;
    }

    /** Share of Latin-script letters among the letters of {@code text} (1 when there are no letters). */
    public static double latinRatio(String text) {
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 128) {
                if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
                    letters++;
                    latin++;
                }
            } else if (Character.isLetter(cp)) {
                letters++;
                if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                    latin++;
                }
            }
        }
        return letters == 0 ? 1.0 : (double) latin / letters;
    }

    /** Words considered by the function-word check (the first ones of a text). */
    public static final int MAX_WORDS_CHECKED = 200;

    /**
     * Number of words (maximal runs of letters/apostrophes, at most the first {@link #MAX_WORDS_CHECKED}) and how
     * many of them are function words.
     */
    public static int[] functionWordCounts(String text) {
        int words = 0;
        int function = 0;
        int n = text.length();
        int i = 0;
        char[] buf = new char[8];
        while (i < n && words < MAX_WORDS_CHECKED) {
            while (i < n && !Character.isLetter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '\'')) {
                i++;
            }
            if (i > start) {
                words++;
                int len = i - start;
                if (len <= 7) {
                    for (int k = 0; k < len; k++) {
                        buf[k] = Character.toLowerCase(text.charAt(start + k));
                    }
                    if (FUNCTION_WORDS.contains(new String(buf, 0, len))) {
                        function++;
                    }
                }
            }
        }
        return new int[] {words, function};
    }

    public boolean looksEnglish(String text) {
        if (latinRatio(text) < minLatinRatio) {
            return false;
        }
        if (minFunctionWordRatio <= 0) {
            return true;
        }
        int[] counts = functionWordCounts(text);
        if (counts[0] < minWords) {
            return true;
        }
        return (double) counts[1] / counts[0] >= minFunctionWordRatio;
    }
}
