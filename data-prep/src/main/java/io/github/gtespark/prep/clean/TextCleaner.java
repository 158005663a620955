package io.github.gtespark.prep.clean;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Cleans one text: HTML tags stripped (replaced by a space), HTML character references decoded, Unicode NFKC,
 * control and format characters removed (TAB, CR, LF and other line breaks become spaces), runs of white space
 * collapsed to one space, leading and trailing space trimmed.
 */
public final class TextCleaner implements Serializable {

    private static final Pattern TAG =
            Pattern.compile("<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>]*)?/?>", Pattern.DOTALL);

    public String clean(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        boolean ascii = true;
        boolean markup = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
            } else if (c == '<' || c == '&') {
                markup = true;
            }
        }
        if (markup) {
            if (s.indexOf('<') >= 0) {
                s = TAG.matcher(s).replaceAll(" ");
            }
            s = HtmlEntityDecoder.decode(s);
            ascii = false;
        }
        if (!ascii && !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return removeControlsAndCollapseSpace(s);
    }

    static String removeControlsAndCollapseSpace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c > 127 && isSpace(c))) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c < 32 || c == 127 || (c > 127 && isDroppedControl(c))) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static boolean isDroppedControl(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE;
    }
}
