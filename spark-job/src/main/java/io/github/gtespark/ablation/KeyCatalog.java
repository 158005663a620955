package io.github.gtespark.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import io.github.gtespark.config.ClosestKeys;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys a grid may name: every key of the training stage defaults
 * ({@code spark-job/src/main/resources/io/github/gtespark/train/stage-defaults.conf}) and of the corpus-preparation
 * defaults ({@code data-prep/src/main/resources/prepare-corpus-defaults.conf}), minus the ones ablate sets itself.
 */
public final class KeyCatalog {

    public static final String STAGE_DEFAULTS_RESOURCE = "io/github/gtespark/train/stage-defaults.conf";
    public static final String CORPUS_DEFAULTS_PATH = "data-prep/src/main/resources/prepare-corpus-defaults.conf";

    /** Stage keys ablate derives per cell (run directories, corpus, steps, seed): never a grid's to set. */
    static final Set<String> MANAGED_STAGE_KEYS =
            Set.of("stage", "data.uri", "output.uri", "train.steps", "train.epochs", "train.seed", "model.path");
    /** Corpus keys ablate derives (output directory, path base). */
    static final Set<String> MANAGED_CORPUS_KEYS = Set.of("output", "base-dir", "skip-if-done", "master");

    private final Config stageDefaults;
    private final Config corpusDefaults;

    public KeyCatalog(Config stageDefaults, Config corpusDefaults) {
        this.stageDefaults = stageDefaults;
        this.corpusDefaults = corpusDefaults;
    }

    /** The defaults of the repository at {@code repoRoot} (stage defaults from the classpath). */
    public static KeyCatalog load(File repoRoot) {
        Config stage = ConfigFactory.parseResources(
                STAGE_DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        File corpus = new File(repoRoot, CORPUS_DEFAULTS_PATH);
        if (!corpus.isFile()) {
            throw new AblationException("corpus-preparation defaults not found: " + corpus);
        }
        return new KeyCatalog(stage, ConfigFactory.parseFile(corpus));
    }

    public Config stageDefaults() {
        return stageDefaults;
    }

    public Config corpusDefaults() {
        return corpusDefaults;
    }

    public boolean isStageKey(String key) {
        return known(stageDefaults, key);
    }

    public boolean isCorpusKey(String key) {
        return known(corpusDefaults, key);
    }

    /** A key exists when the defaults hold it (leaf or section). */
    private static boolean known(Config defaults, String key) {
        try {
            return defaults.hasPathOrNull(key);
        } catch (com.typesafe.config.ConfigException e) {
            return false;
        }
    }

    /** Whether {@code key} of the stage defaults holds a list or an object (its value replaces the whole default). */
    boolean stageKeyIsLeaf(String key) {
        return stageDefaults.hasPathOrNull(key) && stageDefaults.getValue(key).valueType() != ConfigValueType.OBJECT;
    }

    /** " (closest: a, b)" from both catalogues, or "". */
    public String closest(String key) {
        List<String> all = new ArrayList<>();
        stageDefaults.entrySet().forEach(e -> all.add(e.getKey()));
        corpusDefaults.entrySet().forEach(e -> all.add(e.getKey()));
        List<String> best = ClosestKeys.to(key, all, 3);
        return best.isEmpty() ? "" : " (closest: " + String.join(", ", best) + ")";
    }

    static int distance(String a, String b) {
        return ClosestKeys.distance(a, b);
    }
}
