package io.github.gtespark.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A configuration value that names one constant of an enum, written in lower case in files and on command lines
 * ({@code sampling = top}); read case-insensitively, with a one-line error listing the accepted names.
 */
public final class ConfigEnum {

    private ConfigEnum() {}

    /**
     * The constant of {@code type} named by {@code text} (trimmed, any case).
     *
     * @throws ConfigurationException {@code KEY must be a or b, got 'TEXT'}
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String key, String text) {
        String wanted = text == null ? "" : text.trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        throw new ConfigurationException(key + " must be " + names(type) + ", got '" + text + "'");
    }

    /** The name a file or command line uses for {@code value}: its constant in lower case. */
    public static String configName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** {@code a or b}, {@code a, b or c}. */
    static <E extends Enum<E>> String names(Class<E> type) {
        String[] n = Arrays.stream(type.getEnumConstants())
                .map(ConfigEnum::configName)
                .toArray(String[]::new);
        if (n.length == 1) {
            return n[0];
        }
        return Arrays.stream(n, 0, n.length - 1).collect(Collectors.joining(", ")) + " or " + n[n.length - 1];
    }
}
