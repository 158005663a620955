package io.github.gtespark.text;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the added (special) tokens of a tokenizer, such as {@code [CLS]} or {@code [MASK]}, in raw text, the way
 * Hugging Face {@code tokenizers} does for added tokens with {@code normalized: false}: exact, case-sensitive
 * matches on the text before normalization, leftmost first and longest at a position. A matched token becomes a
 * single id; the text between matches is normalized and tokenized on its own.
 */
final class AddedTokenMatcher implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Tokens sorted longest first, so the first match at a position is the longest. */
    private final String[] tokens;

    private final int[] ids;
    /** The distinct first characters of the tokens. */
    private final char[] firstChars;

    /** One added token: its content and id. */
    record AddedToken(String content, int id) implements Serializable {}

    AddedTokenMatcher(List<AddedToken> added) {
        AddedToken[] sorted = added.stream()
                .filter(t -> !t.content().isEmpty())
                .sorted(Comparator.comparingInt((AddedToken t) -> t.content().length())
                        .reversed())
                .toArray(AddedToken[]::new);
        tokens = new String[sorted.length];
        ids = new int[sorted.length];
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < sorted.length; i++) {
            tokens[i] = sorted[i].content();
            ids[i] = sorted[i].id();
            if (first.indexOf(String.valueOf(tokens[i].charAt(0))) < 0) {
                first.append(tokens[i].charAt(0));
            }
        }
        firstChars = first.toString().toCharArray();
    }

    boolean isEmpty() {
        return tokens.length == 0;
    }

    /**
     * The earliest position {@code >= from} (and {@code < to}) where an added token starts, or -1.
     * Use {@link #matchAt} to learn which token.
     */
    int nextMatch(String text, int from, int to) {
        if (tokens.length == 0) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            for (char f : firstChars) {
                if (c == f && matchAt(text, i, to) >= 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Index of the longest token matching at {@code pos} and ending by {@code to}, or -1. */
    int matchAt(String text, int pos, int to) {
        for (int t = 0; t < tokens.length; t++) {
            String token = tokens[t];
            if (pos + token.length() <= to && text.startsWith(token, pos)) {
                return t;
            }
        }
        return -1;
    }

    int length(int match) {
        return tokens[match].length();
    }

    int id(int match) {
        return ids[match];
    }

    @Override
    public String toString() {
        return "AddedTokenMatcher" + Arrays.toString(tokens);
    }
}
