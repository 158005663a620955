package io.github.gtespark.ablation;

import io.github.gtespark.config.StageConfigLoader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a grid's relative paths against the repository root. In a linked git worktree a path that leaves the
 * repository ({@code ../shared/data/...}) and does not exist there is looked up next to the main checkout as well,
 * as scripts/build-dev-sets does. URIs ({@code hdfs://...}, {@code file:...}) and absolute paths are kept.
 */
public final class PathResolver {

    private final Path root;
    private final Path mainCheckout;

    public PathResolver(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.mainCheckout = mainCheckoutOf(this.root);
    }

    public Path root() {
        return root;
    }

    /** An absolute path (or the URI as given). */
    public String resolve(String path) {
        if (StageConfigLoader.isUri(path) || path.startsWith("/")) {
            return path;
        }
        Path p = root.resolve(path).normalize();
        if (!Files.exists(p) && path.startsWith("../") && mainCheckout != null) {
            Path alt = mainCheckout.resolve(path).normalize();
            if (Files.exists(alt)) {
                return alt.toString();
            }
        }
        return p.toString();
    }

    public File resolveFile(String path) {
        return new File(resolve(path));
    }

    /** The main checkout of a linked worktree (its .git is a file "gitdir: MAIN/.git/worktrees/NAME"), else null. */
    private static Path mainCheckoutOf(Path root) {
        Path git = root.resolve(".git");
        if (!Files.isRegularFile(git)) {
            return null;
        }
        try {
            String line = Files.readString(git).trim();
            int at = line.indexOf("/.git/worktrees/");
            if (line.startsWith("gitdir:") && at > 0) {
                return Path.of(line.substring("gitdir:".length(), at).trim());
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
