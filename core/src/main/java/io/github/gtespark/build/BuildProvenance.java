package io.github.gtespark.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which source a running build was made from: the git commit, whether the checkout had uncommitted changes, and the
 * project version, as {@code git-commit-id-maven-plugin} recorded them at build time in {@link #RESOURCE}.
 *
 * <p>Every job writes {@link #describe()} at the top of its {@code resolved-config.conf}, so that a run's outputs say
 * which code produced them (two runs that disagree can be traced to their commits). A build made outside a git
 * checkout (a source archive) has no commit; it says so instead of guessing.
 */
public record BuildProvenance(String version, String commit, String commitTime, boolean dirty) {

    /** The classpath resource the build writes (see core/pom.xml). */
    public static final String RESOURCE = "io/github/gtespark/build/git.properties";

    private static final BuildProvenance CURRENT = load();

    /** The provenance of the classes this JVM runs. */
    public static BuildProvenance current() {
        return CURRENT;
    }

    /** Reads {@code properties} as the plugin writes them; absent keys give an unknown commit. */
    public static BuildProvenance from(Properties properties) {
        String commit = properties.getProperty("git.commit.id.full", "").trim();
        return new BuildProvenance(
                properties.getProperty("git.build.version", "").trim(),
                commit,
                properties.getProperty("git.commit.time", "").trim(),
                Boolean.parseBoolean(
                        properties.getProperty("git.dirty", "false").trim()));
    }

    /** Whether the build knows its commit. */
    public boolean known() {
        return !commit.isEmpty();
    }

    /**
     * One line: {@code gte-spark 0.1.0-SNAPSHOT, commit 0123abcd... (2026-12-07T09:00:00Z), with uncommitted
     * changes}, or {@code gte-spark 0.1.0-SNAPSHOT, commit unknown (built outside a git checkout)}.
     */
    public String describe() {
        String name = "gte-spark" + (version.isEmpty() ? "" : " " + version);
        if (!known()) {
            return name + ", commit unknown (built outside a git checkout)";
        }
        return name + ", commit " + commit + (commitTime.isEmpty() ? "" : " (" + commitTime + ")")
                + (dirty ? ", with uncommitted changes" : "");
    }

    private static BuildProvenance load() {
        Properties p = new Properties();
        try (InputStream in = BuildProvenance.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return from(p);
    }
}
