package io.github.gtespark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.github.gtespark.fs.AtomicFsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/** Writes the configuration a run actually used next to its outputs, so that every output says how it was made. */
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

    /** Writes {@link #FILE_NAME} into {@code dirUri} (any Hadoop FileSystem URI), atomically. */
    public static void write(Config config, String dirUri, Configuration hadoopConf) throws IOException {
        String dir = dirUri.endsWith("/") ? dirUri.substring(0, dirUri.length() - 1) : dirUri;
        AtomicFsWriter.write(dir + "/" + FILE_NAME, render(config).getBytes(StandardCharsets.UTF_8), hadoopConf);
    }
}
