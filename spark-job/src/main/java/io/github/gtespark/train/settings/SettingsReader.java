package io.github.gtespark.train.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.github.gtespark.config.ConfigurationException;
import java.util.List;

/**
 * Reads typed values from one section of a stage configuration; every failure is a
 * {@link ConfigurationException} that names the full key ({@code train.tau}, not {@code tau}).
 */
public final class SettingsReader {

    private final Config config;
    private final String prefix;

    public SettingsReader(Config config) {
        this(config, "");
    }

    private SettingsReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** The reader of sub-section {@code name} (its keys are reported as {@code prefix.name.key}). */
    public SettingsReader section(String name) {
        return new SettingsReader(read(name, () -> config.getConfig(name)), key(name) + ".");
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String string(String key) {
        return read(key, () -> config.getString(key));
    }

    public int integer(String key) {
        return read(key, () -> config.getInt(key));
    }

    public long longValue(String key) {
        return read(key, () -> config.getLong(key));
    }

    public double number(String key) {
        return read(key, () -> config.getDouble(key));
    }

    public boolean bool(String key) {
        return read(key, () -> config.getBoolean(key));
    }

    public List<Integer> integers(String key) {
        return read(key, () -> config.getIntList(key));
    }

    public List<Double> numbers(String key) {
        return read(key, () -> config.getDoubleList(key));
    }

    public List<? extends Config> objects(String key) {
        return read(key, () -> config.getConfigList(key));
    }

    /** The full name of {@code key} in this section. */
    public String key(String key) {
        return prefix + key;
    }

    /** @throws ConfigurationException "bad training configuration: KEY MESSAGE" unless {@code ok} */
    public void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigurationException("bad training configuration: " + key(key) + " " + message);
        }
    }

    /** @throws ConfigurationException "bad training configuration: MESSAGE" unless {@code ok} */
    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException("bad training configuration: " + message);
        }
    }

    private interface Read<T> {
        T get();
    }

    private <T> T read(String key, Read<T> read) {
        try {
            return read.get();
        } catch (ConfigException e) {
            throw new ConfigurationException("bad training configuration: " + key(key) + ": " + e.getMessage(), e);
        }
    }
}
