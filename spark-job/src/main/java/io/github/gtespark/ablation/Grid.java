package io.github.gtespark.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.github.gtespark.loss.LossRegistry;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed, checked grid file (see {@code conf/ablation/gte-paper.conf} for every key). Every check that can fail
 * here fails with a one-line {@link AblationException} naming the grid key.
 *
 * @param stageBase  per stage: the stage's configuration file, then {@code stage.common}, {@code stage.<stage>} and
 *                   the grid's {@code eval} settings (unresolved, without the stage defaults)
 * @param corpusBase per stage: its corpus's configuration file then {@code corpus.<stage>} (without defaults)
 * @param corpusExplicitTargetPairs stages whose corpus settings name {@code target-pairs} themselves
 */
public record Grid(
        String name,
        Mode mode,
        List<Long> seeds,
        List<String> stages,
        Map<String, Config> stageBase,
        Map<String, Config> corpusBase,
        Set<String> corpusExplicitTargetPairs,
        Map<String, Long> budgetPairs,
        double warmupFraction,
        List<EvalSet> evalSets,
        List<Axis> axes,
        String missingDataHint,
        KeyCatalog catalog) {

    public static final List<String> STAGE_NAMES = List.of("pretrain", "finetune");
    static final Set<String> TOP_LEVEL =
            Set.of("name", "mode", "seeds", "stages", "corpus", "stage", "budget", "eval", "axes", "missing-data-hint");

    /** How the axes combine. */
    public enum Mode {
        /** the baseline cell plus one cell per axis value, every other key at the baseline (the paper's ablations) */
        ONE_AT_A_TIME,
        /** every combination of the axes' values (each axis: the baseline value and its values) */
        PRODUCT;

        static Mode parse(String s) {
            return switch (s) {
                case "one-at-a-time" -> ONE_AT_A_TIME;
                case "product" -> PRODUCT;
                default -> throw new AblationException("mode: '" + s + "' is not one-at-a-time | product");
            };
        }
    }

    /**
     * @param g     the grid file with the command line's overrides applied
     * @param paths resolves the grid's relative paths (against the repository root)
     */
    public static Grid parse(Config g, KeyCatalog catalog, PathResolver paths) {
        try {
            return parseChecked(g, catalog, paths);
        } catch (ConfigException e) {
            throw new AblationException("grid: " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static Grid parseChecked(Config g, KeyCatalog catalog, PathResolver paths) {
        for (String key : g.root().keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new AblationException("grid: unknown key '" + key + "' (keys: "
                        + String.join(", ", TOP_LEVEL.stream().sorted().toList()) + ")");
            }
        }
        String name = g.hasPath("name") ? g.getString("name") : "ablation";
        Mode mode = Mode.parse(g.hasPath("mode") ? g.getString("mode") : "one-at-a-time");
        List<Long> seeds = g.hasPath("seeds") ? g.getLongList("seeds") : List.of(42L);
        if (seeds.isEmpty() || new HashSet<>(seeds).size() != seeds.size()) {
            throw new AblationException("seeds: needs one or more distinct seeds, got " + seeds);
        }
        List<String> stages = stageList(
                g.hasPath("stages") ? g.getValue("stages") : ConfigValueFactory.fromIterable(STAGE_NAMES), "stages");

        // axes first: they decide which stages must be configured
        List<Axis> axes = new ArrayList<>();
        if (g.hasPath("axes")) {
            List<? extends ConfigObject> list = g.getObjectList("axes");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Axis a = axis(list.get(i).toConfig(), i, catalog);
                if (!names.add(a.name())) {
                    throw new AblationException(
                            "axes[" + i + "]: a second axis named '" + a.name() + "' (give it a name)");
                }
                axes.add(a);
            }
        }
        Set<String> used = new LinkedHashSet<>(stages);
        for (Axis a : axes) {
            if (a.target() == Axis.Target.STAGES) {
                a.values().forEach(v -> used.addAll(stageList(v, "axis " + a.name())));
            }
        }
        List<String> usedStages = STAGE_NAMES.stream().filter(used::contains).toList();
        for (Axis a : axes) {
            if (a.target() == Axis.Target.BUDGET && !used.contains(a.scope())) {
                throw new AblationException("axis " + a.name() + " (" + a.key() + "): no cell runs stage " + a.scope());
            }
        }

        Config common = section(g, "stage.common");
        checkStageKeys(common, "stage.common", catalog);
        Config evalConf = section(g, "eval");
        List<EvalSet> sets = evalSets(evalConf, paths);
        Config evalSettings = evalConf.withoutPath("sets");
        for (Map.Entry<String, ConfigValue> e : evalSettings.entrySet()) {
            String key = "eval." + e.getKey();
            if (!catalog.isStageKey(key)
                    || key.equals("eval.sts-dev")
                    || key.equals("eval.retrieval")
                    || key.equals("eval.interval-steps")
                    || key.equals("eval.at-start")
                    || key.equals("eval.at-end")) {
                throw new AblationException("eval." + e.getKey() + ": not a grid evaluation setting (eval.sets, "
                        + "batch-size, max-length, max-queries, max-sts-pairs)");
            }
        }
        Config evalLayer = ConfigFactory.empty()
                .withValue(
                        "eval.sets",
                        ConfigValueFactory.fromIterable(sets.stream()
                                .map(s -> Map.of("name", s.name(), "type", s.type(), "path", s.path()))
                                .toList()))
                .withValue("eval.sts-dev", ConfigValueFactory.fromAnyRef(""))
                .withValue("eval.retrieval", ConfigValueFactory.fromAnyRef(""))
                .withValue("eval.interval-steps", ConfigValueFactory.fromAnyRef(0));
        for (Map.Entry<String, ConfigValue> e : evalSettings.entrySet()) {
            evalLayer = evalLayer.withValue("eval." + e.getKey(), e.getValue());
        }

        Map<String, Config> stageBase = new LinkedHashMap<>();
        Map<String, Config> corpusBase = new LinkedHashMap<>();
        Set<String> explicitTarget = new HashSet<>();
        Map<String, Long> budget = new LinkedHashMap<>();
        for (String st : usedStages) {
            Config own = section(g, "stage." + st);
            if (!own.hasPath("conf")) {
                throw new AblationException("stage." + st + ".conf: the base configuration of stage " + st
                        + " is required (e.g. conf/" + st + ".conf)");
            }
            Config file = parseFile(paths, own.getString("conf"), "stage." + st + ".conf");
            Config settings = own.withoutPath("conf");
            checkStageKeys(settings, "stage." + st, catalog);
            stageBase.put(
                    st, evalLayer.withFallback(settings).withFallback(common).withFallback(file));

            if (!g.hasPath("corpus." + st)) {
                throw new AblationException("corpus." + st + ": the corpus of stage " + st + " is required "
                        + "(prepare-corpus keys, optionally conf = FILE)");
            }
            Config corpus = g.getConfig("corpus." + st);
            Config cfile = corpus.hasPath("conf")
                    ? parseFile(paths, corpus.getString("conf"), "corpus." + st + ".conf")
                    : ConfigFactory.empty();
            Config csettings = corpus.withoutPath("conf");
            for (Map.Entry<String, ConfigValue> e : csettings.entrySet()) {
                if (!catalog.isCorpusKey(e.getKey()) || KeyCatalog.MANAGED_CORPUS_KEYS.contains(e.getKey())) {
                    throw new AblationException("corpus." + st + "." + e.getKey() + ": "
                            + (catalog.isCorpusKey(e.getKey())
                                    ? "set by ablate itself"
                                    : "unknown prepare-corpus key" + catalog.closest(e.getKey())));
                }
            }
            if (csettings.hasPath("target-pairs")) {
                explicitTarget.add(st);
            }
            corpusBase.put(
                    st, csettings.withFallback(cfile.withoutPath("base-dir").withoutPath("output")));

            String bkey = "budget." + st + "-pairs";
            if (!g.hasPath(bkey)) {
                throw new AblationException(bkey + ": the number of " + st + " pairs every cell sees is required");
            }
            long pairs = g.getLong(bkey);
            if (pairs < 1) {
                throw new AblationException(bkey + " = " + pairs + " is below one step");
            }
            budget.put(st, pairs);
        }
        if (g.hasPath("budget")) {
            for (String key : g.getConfig("budget").root().keySet()) {
                if (!key.equals("warmup-fraction")
                        && !(key.endsWith("-pairs")
                                && STAGE_NAMES.contains(key.substring(0, key.length() - "-pairs".length())))) {
                    throw new AblationException(
                            "budget." + key + ": unknown key (pretrain-pairs, finetune-pairs, warmup-fraction)");
                }
            }
        }
        double warmup = g.hasPath("budget.warmup-fraction") ? g.getDouble("budget.warmup-fraction") : -1;
        if (warmup >= 1) {
            throw new AblationException("budget.warmup-fraction = " + warmup + " must be below 1");
        }
        String hint = g.hasPath("missing-data-hint") ? g.getString("missing-data-hint") : "";
        Grid grid = new Grid(
                name,
                mode,
                List.copyOf(seeds),
                stages,
                stageBase,
                corpusBase,
                explicitTarget,
                budget,
                warmup,
                sets,
                List.copyOf(axes),
                hint,
                catalog);
        for (String st : usedStages) {
            checkLoss(grid.stageValue(st, "train.loss"), "stage." + st + ".train.loss");
        }
        return grid;
    }

    /** The value of a stage key in the baseline configuration of {@code stage} (the defaults when unset). */
    public ConfigValue stageValue(String stage, String path) {
        Config c = stageBase.get(stage).withFallback(catalog.stageDefaults());
        return c.hasPathOrNull(path) ? c.getValue(path) : null;
    }

    /** The value of a corpus key in the baseline corpus of {@code stage} (the defaults when unset). */
    public ConfigValue corpusValue(String stage, String path) {
        Config c = corpusBase.get(stage).withFallback(catalog.corpusDefaults());
        return c.hasPathOrNull(path) ? c.getValue(path) : null;
    }

    /**
     * The baseline's value of an axis: the same in every stage of the baseline it applies to, or null when the
     * stages differ (or none applies).
     */
    public ConfigValue baselineValue(Axis a) {
        if (a.target() == Axis.Target.STAGES) {
            return ConfigValueFactory.fromIterable(stages);
        }
        if (a.target() == Axis.Target.BUDGET) {
            Long pairs = budgetPairs.get(a.scope());
            return pairs == null ? null : ConfigValueFactory.fromAnyRef(pairs);
        }
        ConfigValue found = null;
        boolean any = false;
        for (String st : stages) {
            if (!a.appliesTo(st)) {
                continue;
            }
            ConfigValue v = a.target() == Axis.Target.STAGE ? stageValue(st, a.path()) : corpusValue(st, a.path());
            if (any && !Axis.same(found, v)) {
                return null;
            }
            found = v;
            any = true;
        }
        return found;
    }

    private static Axis axis(Config c, int i, KeyCatalog catalog) {
        String where = "axes[" + i + "]";
        if (!c.hasPath("key")) {
            throw new AblationException(where + ": needs key = ... and values = [...]");
        }
        String key = c.getString("key");
        where = where + " (" + key + ")";
        if (!c.hasPath("values") || c.getValue("values").valueType() != ConfigValueType.LIST) {
            throw new AblationException(where + ": needs values = [...]");
        }
        List<ConfigValue> values = new ArrayList<>(c.getList("values"));
        if (values.isEmpty()) {
            throw new AblationException(where + ": empty axis (values = [])");
        }
        String scope = null;
        String path = key;
        int colon = key.indexOf(':');
        if (colon >= 0) {
            scope = key.substring(0, colon);
            path = key.substring(colon + 1);
            if (!STAGE_NAMES.contains(scope)) {
                throw new AblationException(where + ": unknown stage prefix '" + scope + ":' (pretrain: | finetune:)");
            }
        }
        Axis.Target target;
        if (path.startsWith("budget.")) {
            String stage = path.endsWith("-pairs")
                    ? path.substring("budget.".length(), path.length() - "-pairs".length())
                    : "";
            if (!STAGE_NAMES.contains(stage)) {
                throw new AblationException(
                        where + ": unknown budget key (budget.pretrain-pairs, budget.finetune-pairs)");
            }
            if (scope != null) {
                throw new AblationException(where + ": " + path + " names its stage; no stage prefix");
            }
            for (ConfigValue v : values) {
                if (!isWholeNumberAtLeastOne(v)) {
                    throw new AblationException(where + ": " + Axis.text(v) + " is not a whole number of pairs >= 1");
                }
            }
            scope = stage;
            target = Axis.Target.BUDGET;
        } else if (path.equals("stages")) {
            if (scope != null) {
                throw new AblationException(where + ": stages takes no stage prefix");
            }
            target = Axis.Target.STAGES;
            for (ConfigValue v : values) {
                stageList(v, where);
            }
        } else if (catalog.isStageKey(path)) {
            if (KeyCatalog.MANAGED_STAGE_KEYS.contains(path) || path.startsWith("eval.")) {
                throw new AblationException(where + ": " + path + " is set by ablate itself"
                        + (path.equals("train.seed")
                                ? " (use seeds = [...])"
                                : path.startsWith("eval.")
                                        ? " (the grid's eval section is the same for every cell)"
                                        : ""));
            }
            if (!catalog.stageKeyIsLeaf(path)) {
                throw new AblationException(where + ": " + path + " is a section; name one of its keys");
            }
            target = Axis.Target.STAGE;
            if (path.equals("train.loss")) {
                for (ConfigValue v : values) {
                    checkLoss(v, where);
                }
            }
        } else if (catalog.isCorpusKey(path)) {
            if (KeyCatalog.MANAGED_CORPUS_KEYS.contains(path)) {
                throw new AblationException(where + ": " + path + " is set by ablate itself");
            }
            target = Axis.Target.CORPUS;
        } else {
            throw new AblationException(
                    where + ": unknown key '" + path + "': neither a stage key (stage-defaults.conf) "
                            + "nor a prepare-corpus key (prepare-corpus-defaults.conf)" + catalog.closest(path));
        }
        String name = c.hasPath("name") ? c.getString("name") : path.substring(path.lastIndexOf('.') + 1);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
            throw new AblationException(where + ": name '" + name + "' must be letters, digits, . _ + -");
        }
        return new Axis(name, key, scope, target, path, List.copyOf(values));
    }

    static void checkLoss(ConfigValue v, String where) {
        String loss = v == null ? "" : String.valueOf(v.unwrapped());
        if (!LossRegistry.isKnown(loss)) {
            throw new AblationException(
                    where + ": unknown loss '" + loss + "' (" + String.join(" | ", LossRegistry.names()) + ")");
        }
    }

    static List<String> stageList(ConfigValue v, String where) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw new AblationException(
                    where + ": a list of stages is needed ([pretrain, finetune], [finetune]), got " + Axis.text(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v.unwrapped()) {
            String s = String.valueOf(o);
            if (!STAGE_NAMES.contains(s)) {
                throw new AblationException(where + ": unknown stage '" + s + "' (pretrain, finetune)");
            }
            if (out.contains(s)
                    || (!out.isEmpty() && STAGE_NAMES.indexOf(s) < STAGE_NAMES.indexOf(out.get(out.size() - 1)))) {
                throw new AblationException(
                        where + ": stages run once each, pretrain before finetune; got " + Axis.text(v));
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw new AblationException(where + ": an empty list of stages");
        }
        return out;
    }

    private static Config section(Config g, String path) {
        return g.hasPath(path) ? g.getConfig(path) : ConfigFactory.empty();
    }

    private static void checkStageKeys(Config settings, String where, KeyCatalog catalog) {
        for (Map.Entry<String, ConfigValue> e : settings.entrySet()) {
            String key = e.getKey();
            if (!catalog.isStageKey(key)) {
                throw new AblationException(where + "." + key + ": unknown stage key" + catalog.closest(key));
            }
            if (KeyCatalog.MANAGED_STAGE_KEYS.contains(key) && !key.equals("model.path")) {
                throw new AblationException(where + "." + key + ": set by ablate itself"
                        + (key.equals("train.seed") ? " (use seeds = [...])" : ""));
            }
            if (key.startsWith("eval.sets") || key.equals("eval.sts-dev") || key.equals("eval.retrieval")) {
                throw new AblationException(where + "." + key + ": evaluation sets belong in the grid's eval.sets");
            }
        }
    }

    private static Config parseFile(PathResolver paths, String path, String where) {
        File f = paths.resolveFile(path);
        if (!f.isFile()) {
            throw new AblationException(where + ": no such file " + path);
        }
        try {
            return ConfigFactory.parseFile(f)
                    .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setAllowUnresolved(true));
        } catch (ConfigException e) {
            throw new AblationException(
                    where + ": cannot parse " + path + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static List<EvalSet> evalSets(Config evalConf, PathResolver paths) {
        if (!evalConf.hasPath("sets")) {
            throw new AblationException(
                    "eval.sets: the named evaluation sets are required ([{name, type = sts | retrieval, path}])");
        }
        List<EvalSet> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<? extends ConfigObject> list = evalConf.getObjectList("sets");
        if (list.isEmpty()) {
            throw new AblationException("eval.sets: empty; name at least one set");
        }
        for (int i = 0; i < list.size(); i++) {
            Config s = list.get(i).toConfig();
            if (!s.hasPath("name") || !s.hasPath("type") || !s.hasPath("path")) {
                throw new AblationException("eval.sets[" + i + "]: needs name, type and path");
            }
            String type = s.getString("type");
            if (!type.equals("sts") && !type.equals("retrieval")) {
                throw new AblationException("eval.sets[" + i + "]: unknown type '" + type + "' (sts | retrieval)");
            }
            String n = s.getString("name");
            if (!names.add(n)) {
                throw new AblationException("eval.sets: two sets are named " + n);
            }
            out.add(new EvalSet(n, type, paths.resolve(s.getString("path"))));
        }
        return out;
    }

    /** A number that is a whole number of pairs (a budget): 1, 2, ..., also written as 2.0. */
    private static boolean isWholeNumberAtLeastOne(ConfigValue v) {
        if (v.valueType() != ConfigValueType.NUMBER) {
            return false;
        }
        double d = ((Number) v.unwrapped()).doubleValue();
        return d >= 1 && d == Math.rint(d);
    }
}
