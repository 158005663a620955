package io.github.gtespark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Loads the configuration of one stage (corpus preparation, pre-training, fine-tuning): a HOCON file from
 * {@code conf/}, layered over optional defaults from the classpath, with {@code key=value} overrides from the
 * command line on top.
 *
 * <p>Overrides address keys by their dotted path ({@code train.batch-size=4096}). A value that starts with
 * {@code [} or <code>{</code> is parsed as HOCON (lists, objects); anything else is taken literally as a string,
 * so URIs such as {@code hdfs://nn:8020/x} need no quoting (typesafe-config converts numeric and boolean strings
 * on access). An override of a key that neither the file nor the defaults define is an error that names the
 * closest known keys: a typo must not silently do nothing.
 */
public final class StageConfigLoader {

    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private StageConfigLoader() {}

    /**
     * @param confFileOrNull         path of a HOCON file on the local filesystem, a Hadoop FileSystem URI of one
     *                               ({@code hdfs://nn:8020/runs/x/_staging/finetune.conf}, {@code file:/...}), or null
     * @param keyValueOverrides      {@code key=value} strings, applied in order (later wins)
     * @param defaultsResourceOrNull classpath resource with defaults for every key, or null
     * @return the resolved configuration
     * @throws ConfigurationException for a missing or unparsable file, a malformed or unknown override
     */
    public static Config load(String confFileOrNull, List<String> keyValueOverrides, String defaultsResourceOrNull) {
        return load(confFileOrNull, null, keyValueOverrides, defaultsResourceOrNull);
    }

    /**
     * As {@link #load(String, List, String)}, reading a configuration given as a URI with {@code hadoopConfOrNull}
     * (a plain {@code new Configuration()} when null). A file read from a URI is parsed on its own: an
     * {@code include} of another file by relative path is not resolved against the URI's directory.
     */
    public static Config load(
            String confFileOrNull,
            org.apache.hadoop.conf.Configuration hadoopConfOrNull,
            List<String> keyValueOverrides,
            String defaultsResourceOrNull) {
        Config base = ConfigFactory.empty();
        if (defaultsResourceOrNull != null) {
            if (StageConfigLoader.class.getClassLoader().getResource(defaultsResourceOrNull) == null) {
                throw new ConfigurationException(
                        "defaults resource not found on the classpath: " + defaultsResourceOrNull);
            }
            base = ConfigFactory.parseResources(
                    defaultsResourceOrNull,
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        }
        if (confFileOrNull != null && isUri(confFileOrNull)) {
            base = parseUri(confFileOrNull, hadoopConfOrNull).withFallback(base);
        } else if (confFileOrNull != null) {
            File file = new File(confFileOrNull);
            if (!file.isFile()) {
                throw new ConfigurationException("configuration file not found: " + confFileOrNull);
            }
            try {
                base = ConfigFactory.parseFile(
                                file, ConfigParseOptions.defaults().setAllowMissing(false))
                        .withFallback(base);
            } catch (ConfigException e) {
                throw new ConfigurationException(
                        "cannot parse configuration file " + confFileOrNull + ": " + e.getMessage(), e);
            }
        }
        Config merged = base;
        List<String> overrides = keyValueOverrides == null ? List.of() : keyValueOverrides;
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException("override must be key=value, got: '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            String raw = override.substring(eq + 1).trim();
            if (!hasPathOrParentObject(base, key)) {
                throw new ConfigurationException("unknown configuration key '" + key + "'" + suggestions(base, key));
            }
            merged = ConfigFactory.empty().withValue(key, parseValue(key, raw)).withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot resolve configuration: " + e.getMessage(), e);
        }
    }

    /**
     * True for a location with a URI scheme of at least two letters ({@code hdfs://}, {@code file:}, {@code s3a://}),
     * false for a plain path (a one-letter "scheme" is a Windows drive).
     */
    public static boolean isUri(String location) {
        return URI_SCHEME.matcher(location).matches();
    }

    private static Config parseUri(String uri, org.apache.hadoop.conf.Configuration hadoopConfOrNull) {
        org.apache.hadoop.conf.Configuration hc =
                hadoopConfOrNull != null ? hadoopConfOrNull : new org.apache.hadoop.conf.Configuration();
        String text;
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(hc);
            if (!fs.isFile(path)) {
                throw new ConfigurationException("configuration file not found: " + uri);
            }
            try (InputStream in = fs.open(path)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read configuration file " + uri + ": " + e, e);
        }
        try {
            return ConfigFactory.parseString(
                    text,
                    ConfigParseOptions.defaults().setOriginDescription(uri).setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot parse configuration file " + uri + ": " + e.getMessage(), e);
        }
    }

    private static ConfigValue parseValue(String key, String raw) {
        if (raw.startsWith("[") || raw.startsWith("{")) {
            try {
                return ConfigFactory.parseString("v = " + raw).getValue("v");
            } catch (ConfigException e) {
                throw new ConfigurationException("cannot parse value of override '" + key + "': " + e.getMessage(), e);
            }
        }
        return ConfigValueFactory.fromAnyRef(raw, "command-line override");
    }

    /** A key is known when it exists, or when its parent exists and is an object (a map such as excluded-reasons). */
    private static boolean hasPathOrParentObject(Config base, String key) {
        try {
            if (base.hasPathOrNull(key)) {
                return true;
            }
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                return false;
            }
            String parent = key.substring(0, dot);
            return base.hasPath(parent)
                    && base.getValue(parent).valueType() == com.typesafe.config.ConfigValueType.OBJECT
                    && base.getConfig(parent).isEmpty();
        } catch (ConfigException.BadPath e) {
            throw new ConfigurationException("malformed configuration key '" + key + "': " + e.getMessage(), e);
        }
    }

    private static String suggestions(Config base, String key) {
        List<String> known = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : base.entrySet()) {
            known.add(e.getKey());
        }
        if (known.isEmpty()) {
            return " (the configuration defines no keys)";
        }
        return "; closest known keys: " + String.join(", ", ClosestKeys.to(key, known, 3));
    }
}
