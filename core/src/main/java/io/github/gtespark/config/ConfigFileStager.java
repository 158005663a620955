package io.github.gtespark.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Copies a local stage configuration file to a shared Hadoop file system, so that a driver started on a cluster
 * node (cluster deploy mode on a Spark standalone master or Kubernetes, where {@code spark-submit --files} does
 * not reach the driver) can read it by URI. Used by {@code scripts/train-stage --deploy-mode cluster}.
 *
 * <pre>
 * ConfigFileStager --conf FILE [--defaults RESOURCE] [--target-dir URI] [--hadoop KEY=VALUE ...] [key=value ...]
 * </pre>
 *
 * The file is first loaded with the overrides (and the classpath defaults), so a configuration error shows before
 * anything is submitted. The target directory is {@code --target-dir}, else {@code <output.uri>/_staging} of the
 * loaded configuration; it must be on a shared file system (a URI whose scheme is not {@code file}), otherwise
 * the driver could not read it and the stager refuses with a message saying what to do. The copy is named
 * {@code <yyyyMMdd-HHmmss.SSS>-<file name>}; its URI is the only line printed on stdout. A configuration with an
 * {@code include} statement is refused (the included files would not be staged with it). {@code --hadoop}
 * settings (the {@code spark.hadoop.*} ones of the submission, without the prefix) go into the Hadoop
 * configuration of the copy. Exit status: 0 copied, 2 configuration or usage error, 1 I/O failure.
 */
public final class ConfigFileStager {

    /** Name of the directory under {@code output.uri} that receives the staged configuration files. */
    public static final String STAGING_DIR = "_staging";

    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*include\\s");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS", Locale.ROOT);

    private ConfigFileStager() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String conf = null;
        String defaults = null;
        String targetDir = null;
        List<String> overrides = new ArrayList<>();
        Configuration hc = new Configuration();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--conf" -> conf = value(args, ++i, a);
                    case "--defaults" -> defaults = value(args, ++i, a);
                    case "--target-dir" -> targetDir = value(args, ++i, a);
                    case "--hadoop" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new ConfigurationException("--hadoop needs KEY=VALUE, got '" + kv + "'");
                        }
                        hc.set(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> {
                        if (a.contains("=") && !a.startsWith("-")) {
                            overrides.add(a);
                        } else {
                            throw new ConfigurationException("unknown argument: " + a);
                        }
                    }
                }
            }
            if (conf == null) {
                throw new ConfigurationException("--conf FILE is required");
            }
            System.out.println(stage(conf, defaults, targetDir, overrides, hc));
            return 0;
        } catch (ConfigurationException e) {
            System.err.println("cannot stage the configuration: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("cannot stage the configuration: " + e);
            return 1;
        }
    }

    /**
     * Copies {@code localConf} into {@code targetDirOrNull} (else {@code <output.uri>/_staging}) and returns the
     * copy's URI.
     *
     * @throws ConfigurationException when the file does not load, includes other files, or the target directory is
     *                                not on a shared file system
     */
    public static String stage(
            String localConf,
            String defaultsResourceOrNull,
            String targetDirOrNull,
            List<String> overrides,
            Configuration hadoopConf)
            throws IOException {
        if (StageConfigLoader.isUri(localConf)) {
            throw new ConfigurationException(localConf + " is already a URI: pass it to the job as it is");
        }
        java.nio.file.Path file = java.nio.file.Path.of(localConf);
        Config config = StageConfigLoader.load(localConf, overrides, defaultsResourceOrNull);
        byte[] bytes = Files.readAllBytes(file);
        if (INCLUDE.matcher(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                .find()) {
            throw new ConfigurationException(localConf + " includes other files ('include ...'): only the file "
                    + "itself is staged, so the driver could not resolve them; inline the included settings");
        }
        String dir = targetDirOrNull;
        if (dir == null || dir.isBlank()) {
            if (!config.hasPath("output.uri") || config.getString("output.uri").isBlank()) {
                throw new ConfigurationException("the configuration has no output.uri to stage it under: give "
                        + "output.uri=hdfs://... or a staging directory on a shared file system");
            }
            dir = config.getString("output.uri").replaceAll("/+$", "") + "/" + STAGING_DIR;
        }
        if (!StageConfigLoader.isUri(dir) || dir.regionMatches(true, 0, "file:", 0, 5)) {
            throw new ConfigurationException("staging directory " + dir + " is not on a shared file system: the "
                    + "driver runs on a cluster node and cannot read it. Give output.uri (or the staging directory) "
                    + "as a URI every node can read (hdfs://nn:8020/..., s3a://...; scripts/train-stage: "
                    + "GTE_CONF_STAGING_URI), or submit in client mode");
        }
        Path target = new Path(new Path(dir), STAMP.format(LocalDateTime.now()) + "-" + file.getFileName());
        FileSystem fs = target.getFileSystem(hadoopConf);
        fs.mkdirs(target.getParent());
        try (OutputStream out = fs.create(target, true)) {
            out.write(bytes);
        }
        return fs.makeQualified(target).toString();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new ConfigurationException(option + " needs a value");
        }
        return args[i];
    }
}
