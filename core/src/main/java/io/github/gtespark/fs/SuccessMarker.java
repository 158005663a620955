package io.github.gtespark.fs;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _SUCCESS} completion marker of an output directory: written last, only by a run that finished;
 * removed first by a run that starts writing into the directory, so a failed run never leaves one behind.
 */
public final class SuccessMarker {

    public static final String FILE_NAME = "_SUCCESS";

    private SuccessMarker() {}

    public static boolean exists(String dirUri, Configuration hadoopConf) throws IOException {
        Path marker = marker(dirUri);
        return marker.getFileSystem(hadoopConf).exists(marker);
    }

    /** Marks {@code dirUri} complete. Call after every other output of the run is in place. */
    public static void write(String dirUri, Configuration hadoopConf) throws IOException {
        Path marker = marker(dirUri);
        FileSystem fs = marker.getFileSystem(hadoopConf);
        fs.create(marker, true).close();
    }

    /** Removes a stale marker before a run writes into {@code dirUri}; no error if there is none. */
    public static void remove(String dirUri, Configuration hadoopConf) throws IOException {
        Path marker = marker(dirUri);
        FileSystem fs = marker.getFileSystem(hadoopConf);
        if (fs.exists(marker) && !fs.delete(marker, false)) {
            throw new IOException("cannot remove stale " + marker);
        }
    }

    private static Path marker(String dirUri) {
        return new Path(new Path(dirUri), FILE_NAME);
    }
}
