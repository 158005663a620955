package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictUtf8ReaderTest {

    private static List<String> lines(byte[] bytes) throws IOException {
        try (TextLineReader r = new TextLineReader(new StrictUtf8Reader(new ByteArrayInputStream(bytes), "f.tsv"))) {
            return r.lines().toList();
        }
    }

    @Test
    void decodesMultiByteTextLineByLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // 4-byte, 3-byte and 2-byte sequences land on every position of the internal buffers
            text.append(i).append(" 😀 東京 café \uFFFD\n");
        }
        List<String> lines = lines(text.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(3000, lines.size());
        assertEquals("2999 😀 東京 café \uFFFD", lines.get(2999));
        assertEquals(List.of("x", "no final newline"), lines("x\nno final newline".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), lines(new byte[0]));
    }

    @Test
    void invalidBytesAreReportedWithTheirExactLineFarBeyondAnyReadAhead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i < 400; i++) {
            bytes.write(("g\tf\ty\t" + i + "\t3.0\tA man is playing a guitar.\tSomeone plays.\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        bytes.write("g\tf\ty\t400\t3.0\tCaf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // Latin-1 'é'
        bytes.write(" au lait\tb\n".getBytes(StandardCharsets.UTF_8));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> lines(bytes.toByteArray()));
        assertEquals(400, e.lineNumber());
        assertEquals("f.tsv", e.source());
        assertEquals(
                "f.tsv:400: not valid UTF-8 text; convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
                e.getMessage());
        MalformedDataException first =
                assertThrows(MalformedDataException.class, () -> lines(new byte[] {'o', 'k', (byte) 0xC3}));
        assertEquals(1, first.lineNumber());
    }
}
