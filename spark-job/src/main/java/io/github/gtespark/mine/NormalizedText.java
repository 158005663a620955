package io.github.gtespark.mine;

import io.github.gtespark.prep.clean.TextCleaner;
import java.util.Locale;

/**
 * The normalised form of a text that mining compares: prepare-corpus's cleaning ({@link TextCleaner}: HTML, NFKC,
 * controls, white space) in lower case ({@link Locale#ROOT}), the form prepare-corpus hashes for its duplicate
 * masks. Two texts with the same normalised form are the same document to the loss.
 */
public final class NormalizedText {

    private static final TextCleaner CLEANER = new TextCleaner();

    private NormalizedText() {}

    public static String of(String text) {
        return CLEANER.clean(text).toLowerCase(Locale.ROOT);
    }
}
