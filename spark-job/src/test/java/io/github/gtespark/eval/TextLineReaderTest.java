package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLineReaderTest {

    private static List<String> lines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (TextLineReader r = new TextLineReader(new StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void linesEndAtLineFeedOnlyAndCrlfLosesItsCarriageReturn() throws IOException {
        assertEquals(List.of("a", "b", "", "c"), lines("a\nb\n\nc\n"));
        assertEquals(List.of("a", "b", "", "c"), lines("a\r\nb\r\n\r\nc\r\n"));
        assertEquals(List.of("a", "last without newline"), lines("a\nlast without newline"));
        assertEquals(List.of("a", "b"), lines("a\r\nb\r"));
        // a lone CR inside a line stays in it: BufferedReader would make two lines of it and shift the rest
        assertEquals(List.of("first\rstill first", "second"), lines("first\rstill first\nsecond\n"));
        assertEquals(
                3,
                new BufferedReader(new StringReader("first\rstill first\nsecond\n"))
                        .lines()
                        .count());
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(""), lines("\n"));
        try (TextLineReader r = new TextLineReader(new StringReader("x\ry\nz"))) {
            assertEquals(List.of("x\ry", "z"), r.lines().toList());
        }
    }

    @Test
    void aLeadingByteOrderMarkIsDroppedAndOnlyThere() throws IOException {
        assertEquals(List.of("5.0\ta\tb", "x"), lines("\uFEFF5.0\ta\tb\r\nx\r\n"));
        assertEquals(List.of("a\uFEFFb"), lines("a\uFEFFb\n"));
        assertEquals(List.of(), lines("\uFEFF"));
        try (TextLineReader r = new TextLineReader(new StringReader("\uFEFFab"))) {
            assertEquals('a', r.read());
            assertEquals("b", r.readLine());
            assertNull(r.readLine());
        }
    }

    @Test
    void dataLocationsReadFilesThisWayAndRejectDirectories(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom-crlf.txt");
        Files.write(file, "\uFEFFcafé 😀\r\nzweite\rZeile\r\n".getBytes(StandardCharsets.UTF_8));
        try (BufferedReader r = DataLocations.openReader(file.toString())) {
            assertEquals(List.of("café 😀", "zweite\rZeile"), r.lines().toList());
        }
        try (BufferedReader r = DataLocations.openReader(file.toUri().toString())) {
            assertEquals("café 😀", r.readLine());
        }
        NotAFileException in = assertThrows(NotAFileException.class, () -> DataLocations.openReader(dir.toString()));
        assertEquals(dir.toString(), in.location());
        assertTrue(in.getMessage().contains("is a directory"), in.getMessage());
        assertThrows(NotAFileException.class, () -> DataLocations.openWriter(dir.toString()));
        try (BufferedWriter w = DataLocations.openWriter(dir.resolve("out.txt").toString())) {
            w.write("ok\n");
        }
        assertFalse(Files.isDirectory(dir.resolve("out.txt")));
    }
}
