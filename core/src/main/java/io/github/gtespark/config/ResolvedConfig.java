package io.github.gtespark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.github.gtespark.build.BuildProvenance;
import io.github.gtespark.fs.AtomicFsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes the configuration a run actually used next to its outputs, so that every output says how it was made: the
 * file starts with a comment naming the build that ran ({@link BuildProvenance#describe()}), then the configuration.
 */
public final class ResolvedConfig {

    /** File name of the resolved configuration inside a run's output directory. */
    public static final String FILE_NAME = "resolved-config.conf";

    private ResolvedConfig() {}

    /** The configuration as HOCON text, without origin comments, keys sorted. */
    public static String render(Config config) {
        return config.root()
                .render(ConfigRenderOptions.defaults()
                        .setOriginComments(false)
                        .setComments(false)
                        .setJson(false)
                        .setFormatted(true));
    }

    /** The file's first line: which build wrote it (a HOCON comment, so the file still loads as the config). */
    public static String header(BuildProvenance build) {
        return "# written by " + build.describe() + "\n";
    }

    /**
     * Writes {@link #FILE_NAME} into {@code dirUri} (any Hadoop FileSystem URI), atomically: the {@link #header} of
     * the running build, then {@link #render}.
     */
    public static void write(Config config, String dirUri, Configuration hadoopConf) throws IOException {
        String dir = dirUri.endsWith("/") ? dirUri.substring(0, dirUri.length() - 1) : dirUri;
        String text = header(BuildProvenance.current()) + render(config);
        AtomicFsWriter.write(dir + "/" + FILE_NAME, text.getBytes(StandardCharsets.UTF_8), hadoopConf);
    }
}
