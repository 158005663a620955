package io.github.gtespark.prep.clean;

import io.github.gtespark.prep.config.CleanSettings;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.text.BertTokenizer;
import java.io.Serializable;

/**
 * The quality filters applied to each cleaned text, in this order: empty, too short / too long in characters,
 * too short / too long in BERT tokens, mostly non-alphabetic, not English. {@link #rejectText} returns the reason
 * of the first failing filter, or null when the text passes.
 */
public final class PairFilter implements Serializable {

    private final CleanSettings settings;
    private final EnglishTextCheck english;

    public PairFilter(CleanSettings settings) {
        this.settings = settings;
        this.english = new EnglishTextCheck(
                settings.minLatinRatio(), settings.languageMinWords(), settings.minFunctionWordRatio());
    }

    /**
     * @param tokenizer used only when token thresholds are configured (may be null otherwise)
     */
    public String rejectText(String text, BertTokenizer tokenizer) {
        if (text == null || text.isEmpty()) {
            return ExclusionReason.EMPTY;
        }
        int chars = text.codePointCount(0, text.length());
        if (settings.minChars() > 0 && chars < settings.minChars()) {
            return ExclusionReason.TOO_SHORT_CHARS;
        }
        if (settings.maxChars() > 0 && chars > settings.maxChars()) {
            return ExclusionReason.TOO_LONG_CHARS;
        }
        if (settings.needsTokenCounts()) {
            int tokens = tokenizer.tokenCount(text);
            if (settings.minTokens() > 0 && tokens < settings.minTokens()) {
                return ExclusionReason.TOO_SHORT_TOKENS;
            }
            if (settings.maxTokens() > 0 && tokens > settings.maxTokens()) {
                return ExclusionReason.TOO_LONG_TOKENS;
            }
        }
        if (settings.minAlphaRatio() > 0 && alphaRatio(text) < settings.minAlphaRatio()) {
            return ExclusionReason.NON_ALPHABETIC;
        }
        if (settings.languageCheck() && !english.looksEnglish(text)) {
            return ExclusionReason.NOT_ENGLISH;
        }
        return null;
    }

    /** Whether the pair is excluded because its query equals its document (case-insensitive). */
    public boolean queryEqualsDoc(String query, String doc) {
        return settings.dropQueryEqualsDoc() && query.equalsIgnoreCase(doc);
    }

    /** Share of letters among the non-space characters (1 for a text without any). */
    public static double alphaRatio(String text) {
        int letters = 0;
        int nonSpace = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                continue;
            }
            nonSpace++;
            if (cp < 128 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : Character.isLetter(cp)) {
                letters++;
            }
        }
        return nonSpace == 0 ? 1.0 : (double) letters / nonSpace;
    }
}
