package io.github.gtespark.prep.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it (so that invalid UTF-8 can be detected per line later).
 * Lines end at LF; a CR before the LF is dropped; a UTF-8 byte order mark at the very start is dropped.
 */
public final class ByteLineReader implements Closeable {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean first = true;
    private byte[] line = new byte[256];

    public ByteLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line's bytes, or null at the end of the stream. */
    public byte[] next() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit) {
                if (eof || !fill()) {
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int chunk = pos - start;
            if (len + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, len + chunk));
            }
            System.arraycopy(buf, start, line, len, chunk);
            len += chunk;
            if (pos < limit) {
                pos++;
                return finish(len);
            }
        }
        return any ? finish(len) : null;
    }

    private byte[] finish(int len) {
        int start = 0;
        if (first) {
            first = false;
            if (len >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        int end = len;
        if (end > start && line[end - 1] == '\r') {
            end--;
        }
        return Arrays.copyOfRange(line, start, end);
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = n < 0;
            if (n == 0) {
                int b = in.read();
                if (b < 0) {
                    eof = true;
                    return false;
                }
                buf[0] = (byte) b;
                pos = 0;
                limit = 1;
                return true;
            }
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
