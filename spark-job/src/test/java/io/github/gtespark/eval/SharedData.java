package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locations of the shared real data sets ({@code gte.shared.data}) and the repository ({@code gte.repo.root}) in tests. */
public final class SharedData {

    private SharedData() {}

    public static Path dataDir() {
        Path dir = Paths.get(System.getProperty("gte.shared.data", "../../shared/data"));
        assertTrue(Files.isDirectory(dir), "shared data not found at " + dir.toAbsolutePath());
        return dir;
    }

    public static Path file(String relative) {
        Path file = dataDir().resolve(relative);
        assertTrue(Files.isRegularFile(file), "missing shared data file " + file.toAbsolutePath());
        return file;
    }

    public static Path repoRoot() {
        Path dir = Paths.get(System.getProperty("gte.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        assertTrue(Files.isRegularFile(dir.resolve("pom.xml")), "repository root not found at " + dir);
        return dir;
    }
}
