package io.github.gtespark.fs;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes files and publishes directories on any Hadoop FileSystem (local, {@code hdfs://}, ...) so that a reader
 * sees either the previous complete version or the new complete version, never a partial one: content goes to a
 * hidden temporary name in the same directory first and is then renamed into place.
 *
 * <p>Hadoop's {@code rename} does not overwrite, so replacing an existing file is delete-then-rename; between
 * the two a reader may find no file, never a truncated one.
 */
public final class AtomicFsWriter {

    private AtomicFsWriter() {}

    /** Writes {@code bytes} to {@code fileUri}, replacing any existing file, through a temporary file and a rename. */
    public static void write(String fileUri, byte[] bytes, Configuration hadoopConf) throws IOException {
        Path target = new Path(fileUri);
        FileSystem fs = target.getFileSystem(hadoopConf);
        Path tmp = temporarySibling(target);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
            out.hsync();
        }
        try {
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace " + target + ": delete failed");
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            fs.delete(tmp, false);
            throw e;
        }
    }

    /**
     * Makes a fully written directory visible under its final name. Fails if {@code finalDirUri} already exists
     * (a published directory is never changed in place).
     */
    public static void publishDirectory(String tmpDirUri, String finalDirUri, Configuration hadoopConf)
            throws IOException {
        Path tmp = new Path(tmpDirUri);
        Path target = new Path(finalDirUri);
        FileSystem fs = target.getFileSystem(hadoopConf);
        if (fs.exists(target)) {
            throw new IOException("cannot publish " + tmp + ": " + target + " already exists");
        }
        if (target.getParent() != null) {
            fs.mkdirs(target.getParent());
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    /** A hidden name beside {@code target} (Hadoop and Spark readers skip names starting with '.' and '_'). */
    public static Path temporarySibling(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }
}
