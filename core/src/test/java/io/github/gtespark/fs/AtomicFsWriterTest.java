package io.github.gtespark.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFsWriterTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void writeReplacesAndLeavesNoTemporaryFiles() throws IOException {
        String uri = dir.resolve("manifest.json").toUri().toString();
        AtomicFsWriter.write(uri, "one".getBytes(StandardCharsets.UTF_8), conf);
        AtomicFsWriter.write(uri, "two".getBytes(StandardCharsets.UTF_8), conf);
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("manifest.json")));
        try (var files = Files.list(dir)) {
            assertEquals(
                    0,
                    files.filter(p -> p.getFileName().toString().contains(".tmp-"))
                            .count());
        }
    }

    @Test
    void publishDirectoryRefusesToOverwrite() throws IOException {
        Path tmp = Files.createDirectories(dir.resolve(".ckpt.tmp"));
        Files.writeString(tmp.resolve("params.bin"), "p");
        String target = dir.resolve("step-10").toUri().toString();
        AtomicFsWriter.publishDirectory(tmp.toUri().toString(), target, conf);
        assertTrue(Files.exists(dir.resolve("step-10").resolve("params.bin")));
        assertFalse(Files.exists(tmp));
        Path tmp2 = Files.createDirectories(dir.resolve(".ckpt2.tmp"));
        assertThrows(
                IOException.class,
                () -> AtomicFsWriter.publishDirectory(tmp2.toUri().toString(), target, conf));
    }

    @Test
    void successMarkerLifecycle() throws IOException {
        String out = dir.resolve("out").toUri().toString();
        assertFalse(SuccessMarker.exists(out, conf));
        SuccessMarker.remove(out, conf);
        SuccessMarker.write(out, conf);
        assertTrue(SuccessMarker.exists(out, conf));
        SuccessMarker.remove(out, conf);
        assertFalse(SuccessMarker.exists(out, conf));
    }
}
