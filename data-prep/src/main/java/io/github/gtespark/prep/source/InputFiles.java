package io.github.gtespark.prep.source;

import io.github.gtespark.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Expands a source's paths (files, directories, globs on any Hadoop FileSystem) into the sorted list of input
 * files. Directories are listed recursively; names starting with {@code _} or {@code .} are skipped (also when a glob matches them), like Spark does.
 */
public final class InputFiles {

    private InputFiles() {}

    public static List<String> list(String sourceName, List<String> paths, Configuration conf) {
        TreeSet<String> files = new TreeSet<>();
        for (String p : paths) {
            try {
                Path path = new Path(p);
                FileSystem fs = path.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new ConfigurationException("source '" + sourceName + "': no input matches " + p);
                }
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                        while (it.hasNext()) {
                            LocatedFileStatus f = it.next();
                            if (!hidden(f.getPath(), m.getPath())) {
                                files.add(f.getPath().toString());
                            }
                        }
                    } else if (!m.getPath().getName().startsWith("_")
                            && !m.getPath().getName().startsWith(".")) {
                        files.add(m.getPath().toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "source '" + sourceName + "': cannot list " + p + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new ConfigurationException("source '" + sourceName + "': no input files under " + paths);
        }
        return new ArrayList<>(files);
    }

    private static boolean hidden(Path file, Path root) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            String n = p.getName();
            if (n.startsWith("_") || n.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
