package io.github.gtespark.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Makes the locations of a stage configuration absolute before the job starts, so that executors (other working
 * directories, other machines) and the resolved configuration see the same thing: a URI with a scheme
 * ({@code hdfs://}, {@code file:}, {@code s3a://}) and an absolute path are kept as given (an absolute path means the
 * cluster's default file system); a relative path is a local path under a base directory ({@code GTE_HOME}, else
 * the working directory) and becomes a {@code file:} URI.
 */
public final class LocationResolver {

    /** The configuration keys holding locations. */
    public static final List<String> KEYS =
            List.of("data.uri", "output.uri", "model.path", "eval.sts-dev", "eval.retrieval");
    /** The list of named evaluation sets, whose {@code path} entries are locations. */
    public static final String EVAL_SETS = "eval.sets";

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private LocationResolver() {}

    public static String resolve(String location, Path base) {
        if (location == null || location.isBlank() || SCHEME.matcher(location).matches() || location.startsWith("/")) {
            return location;
        }
        return base.resolve(location).toAbsolutePath().normalize().toUri().toString();
    }

    /** {@code config} with every location key resolved against {@code base}. */
    public static Config resolveAll(Config config, Path base) {
        Config out = config;
        for (String key : KEYS) {
            if (out.hasPath(key)) {
                String value = out.getString(key);
                String resolved = resolve(value, base);
                if (!resolved.equals(value)) {
                    out = out.withValue(key, ConfigValueFactory.fromAnyRef(resolved, "resolved against " + base));
                }
            }
        }
        if (out.hasPath(EVAL_SETS)) {
            List<Object> sets = new ArrayList<>();
            boolean changed = false;
            for (Config set : out.getConfigList(EVAL_SETS)) {
                Map<String, Object> entry = new LinkedHashMap<>(set.root().unwrapped());
                if (set.hasPath("path")) {
                    String value = set.getString("path");
                    String resolved = resolve(value, base);
                    changed |= !resolved.equals(value);
                    entry.put("path", resolved);
                }
                sets.add(entry);
            }
            if (changed) {
                out = out.withValue(EVAL_SETS, ConfigValueFactory.fromIterable(sets, "resolved against " + base));
            }
        }
        return out;
    }

    /** {@code GTE_HOME} when set, else the working directory. */
    public static Path defaultBase() {
        String home = System.getenv("GTE_HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.dir"));
    }
}
