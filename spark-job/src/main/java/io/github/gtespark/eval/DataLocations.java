package io.github.gtespark.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

/**
 * Opens evaluation inputs and outputs named by a location string: a local path ({@code data/sts.tsv},
 * {@code file:///...}) through {@code java.nio}, or any other Hadoop FileSystem URI ({@code hdfs://...},
 * {@code s3a://...}) through Hadoop's {@code FileSystem} (Hadoop classes are loaded only for such URIs).
 * Text is UTF-8 (invalid bytes are a {@link MalformedDataException} naming the line: {@link StrictUtf8Reader}), read as
 * {@link TextLineReader} lines (LF or CRLF, an optional byte order mark). A missing input
 * raises {@link java.nio.file.NoSuchFileException} (local) or {@link java.io.FileNotFoundException} (Hadoop); a
 * directory where a file is expected, for reading or writing, raises {@link NotAFileException}.
 */
public final class DataLocations {

    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

    private DataLocations() {}

    /** True for a URI with a scheme other than {@code file}. */
    public static boolean isHadoopUri(String location) {
        return URI_SCHEME.matcher(location).matches() && !location.startsWith("file:");
    }

    /** The location of {@code name} inside directory {@code directory}. */
    public static String child(String directory, String name) {
        if (isHadoopUri(directory) || directory.startsWith("file:")) {
            return directory.endsWith("/") ? directory + name : directory + "/" + name;
        }
        return Paths.get(directory).resolve(name).toString();
    }

    /** True if a file or directory exists at {@code location}. */
    public static boolean exists(String location) throws IOException {
        if (isHadoopUri(location)) {
            return HadoopFiles.exists(location);
        }
        return Files.exists(localPath(location));
    }

    /** True if {@code location} exists and is a directory. */
    public static boolean isDirectory(String location) throws IOException {
        if (isHadoopUri(location)) {
            return HadoopFiles.isDirectory(location);
        }
        return Files.isDirectory(localPath(location));
    }

    /** Opens {@code location} for reading UTF-8 text lines (see {@link TextLineReader}). */
    public static BufferedReader openReader(String location) throws IOException {
        if (isHadoopUri(location)) {
            return HadoopFiles.openReader(location);
        }
        Path path = localPath(location);
        if (Files.isDirectory(path)) {
            throw new NotAFileException(location);
        }
        return new TextLineReader(new StrictUtf8Reader(Files.newInputStream(path), location));
    }

    /** Creates (or overwrites) {@code location} for writing UTF-8 text; local parent directories are created. */
    public static BufferedWriter openWriter(String location) throws IOException {
        if (isHadoopUri(location)) {
            return HadoopFiles.openWriter(location);
        }
        Path path = localPath(location);
        if (Files.isDirectory(path)) {
            throw new NotAFileException(location);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    private static Path localPath(String location) {
        return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
    }

    /** Hadoop FileSystem access, in its own class so that Hadoop is loaded only when a URI needs it. */
    private static final class HadoopFiles {

        static BufferedReader openReader(String location) throws IOException {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(new org.apache.hadoop.conf.Configuration());
            if (fs.getFileStatus(path).isDirectory()) {
                throw new NotAFileException(location);
            }
            return new TextLineReader(new StrictUtf8Reader(fs.open(path), location));
        }

        static boolean isDirectory(String location) throws IOException {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(new org.apache.hadoop.conf.Configuration());
            return fs.exists(path) && fs.getFileStatus(path).isDirectory();
        }

        static boolean exists(String location) throws IOException {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            return path.getFileSystem(new org.apache.hadoop.conf.Configuration())
                    .exists(path);
        }

        static BufferedWriter openWriter(String location) throws IOException {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(new org.apache.hadoop.conf.Configuration());
            if (isDirectory(location)) {
                throw new NotAFileException(location);
            }
            return new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8));
        }
    }
}
