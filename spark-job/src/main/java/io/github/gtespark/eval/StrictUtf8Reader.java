package io.github.gtespark.eval;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a UTF-8 byte stream one line ({@code '\n'}-terminated byte run) at a time and rejects bytes that are not
 * UTF-8 with a {@link MalformedDataException} naming the source and the exact 1-based line, however far a
 * buffering reader on top reads ahead. ({@code Files.newBufferedReader} reports only that some 8 KB block was
 * malformed; {@code InputStreamReader} with a charset silently replaces the bytes.) Since byte {@code 0x0A} never
 * occurs inside a multi-byte UTF-8 sequence, splitting bytes at it splits the text at its line feeds.
 */
public final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] lineBytes = new byte[256];
    private CharBuffer pending = CharBuffer.allocate(0);
    private long lineNumber;
    private boolean eof;

    /** Decodes {@code in}, named {@code source} in error messages. */
    public StrictUtf8Reader(InputStream in, String source) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 65536);
        this.source = source;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!pending.hasRemaining()) {
            if (eof || !decodeNextLine()) {
                return -1;
            }
        }
        int n = Math.min(length, pending.remaining());
        pending.get(buffer, offset, n);
        return n;
    }

    /** Decodes the next line (with its {@code '\n'}) into {@code pending}; false at the end of the stream. */
    private boolean decodeNextLine() throws IOException {
        int size = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (size == lineBytes.length) {
                lineBytes = Arrays.copyOf(lineBytes, size * 2);
            }
            lineBytes[size++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        if (b < 0) {
            eof = true;
        }
        if (size == 0) {
            return false;
        }
        lineNumber++;
        try {
            pending = decoder.reset().decode(ByteBuffer.wrap(lineBytes, 0, size));
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(
                    source,
                    lineNumber,
                    "not valid UTF-8 text; convert the file to " + "UTF-8 (e.g. iconv -f latin1 -t utf-8)");
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
