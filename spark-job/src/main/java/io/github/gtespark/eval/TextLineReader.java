package io.github.gtespark.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;

/**
 * A {@link BufferedReader} for the project's line-oriented data files (one text, pair or JSON object per line),
 * as files written on any platform come: a line ends at {@code '\n'} only; a {@code '\r'} right before it
 * (Windows CRLF, also at the end of a text without a final newline) is dropped; a UTF-8 byte order mark at the
 * very start of the text is dropped. A lone {@code '\r'} inside a line stays part of it, so that line {@code i}
 * of the result is line {@code i} of the file as {@code wc -l}, {@code split -l} and {@code paste} count lines
 * ({@link BufferedReader#readLine()} also ends a line at a lone {@code '\r'}, which would shift every following
 * line of {@code gte embed}'s output and every line number of an error message). {@link #lines()} follows the
 * same rule. (Decoding is the underlying reader's job: {@link DataLocations} uses a {@link StrictUtf8Reader}.)
 */
public final class TextLineReader extends BufferedReader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    public TextLineReader(Reader in) {
        super(withoutByteOrderMark(in));
    }

    private static Reader withoutByteOrderMark(Reader in) {
        PushbackReader pushback = new PushbackReader(in, 1);
        return new Reader() {
            private boolean checked;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                if (!checked) {
                    checked = true;
                    int first = pushback.read();
                    if (first < 0) {
                        return -1;
                    }
                    if (first != BYTE_ORDER_MARK) {
                        pushback.unread(first);
                    }
                }
                return pushback.read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                pushback.close();
            }
        };
    }

    /** The next line without its {@code '\n'} or {@code "\r\n"} terminator, or {@code null} at the end of the text. */
    @Override
    public String readLine() throws IOException {
        StringBuilder line = null;
        int c;
        while ((c = read()) >= 0) {
            if (line == null) {
                line = new StringBuilder(128);
            }
            if (c == '\n') {
                break;
            }
            line.append((char) c);
        }
        if (line == null) {
            return null;
        }
        int last = line.length() - 1;
        if (last >= 0 && line.charAt(last) == '\r') {
            line.setLength(last);
        }
        return line.toString();
    }
}
