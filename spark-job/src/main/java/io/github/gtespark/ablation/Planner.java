package io.github.gtespark.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.train.StageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a cell into its stages' configurations: the grid's base settings, the cell's axis values, then the keys
 * ablate owns (corpus and run directories, {@code train.seed}, {@code train.steps} from the budget, warm-up from
 * {@code budget.warmup-fraction}, the fine-tuning stage's start model, when to evaluate). Every stage configuration is checked with
 * the training job's own settings reader ({@link StageSettings#from}) here, so a bad value fails before any run.
 */
public final class Planner {

    private final Grid grid;
    private final Path workDir;
    private final PathResolver paths;

    public Planner(Grid grid, Path workDir, PathResolver paths) {
        this.grid = grid;
        this.workDir = workDir;
        this.paths = paths;
    }

    public Path cellDir(Cell cell) {
        return workDir.resolve("cells").resolve(cell.id());
    }

    /** The stages the cell runs: its {@code stages} axis value, else the grid's. */
    public List<String> stagesOf(Cell cell) {
        for (Map.Entry<Axis, ConfigValue> e : cell.variant().settings().entrySet()) {
            if (e.getKey().target() == Axis.Target.STAGES) {
                return Grid.stageList(e.getValue(), "axis " + e.getKey().name());
            }
        }
        return grid.stages();
    }

    public List<StagePlan> plan(Cell cell) {
        List<String> stages = stagesOf(cell);
        List<StagePlan> out = new ArrayList<>();
        Path cellDir = cellDir(cell);
        for (String st : stages) {
            String where = "cell " + cell.id() + ", stage " + st;
            // corpus
            long budgetPairs = grid.budgetPairs().get(st);
            for (Map.Entry<Axis, ConfigValue> e : cell.variant().settings().entrySet()) {
                if (e.getKey().target() == Axis.Target.BUDGET && e.getKey().appliesTo(st)) {
                    budgetPairs = ((Number) e.getValue().unwrapped()).longValue();
                }
            }
            Config corpus = grid.corpusBase().get(st);
            boolean targetSet = grid.corpusExplicitTargetPairs().contains(st);
            for (Map.Entry<Axis, ConfigValue> e : cell.variant().settings().entrySet()) {
                Axis a = e.getKey();
                if (a.target() == Axis.Target.CORPUS && a.appliesTo(st)) {
                    corpus = corpus.withValue(a.path(), e.getValue());
                    targetSet |= a.path().equals("target-pairs");
                }
            }
            if (!targetSet) {
                corpus = corpus.withValue("target-pairs", ConfigValueFactory.fromAnyRef(budgetPairs));
            }
            List<String> dataPaths = new ArrayList<>();
            corpus = absolutePaths(corpus, "sources", dataPaths);
            corpus = absolutePaths(corpus, "decontamination.sets", dataPaths);
            corpus = corpus.withValue(
                    "base-dir", ConfigValueFactory.fromAnyRef(paths.root().toString()));
            Config fullCorpus;
            try {
                fullCorpus =
                        corpus.withFallback(grid.catalog().corpusDefaults()).resolve();
            } catch (ConfigException e) {
                throw new AblationException(where + ": corpus settings: " + e.getMessage());
            }
            String corpusId = st + "-" + hash(fullCorpus.root().render(ConfigRenderOptions.concise()));
            Path corpusDir = workDir.resolve("corpora").resolve(corpusId);
            corpus = corpus.withValue(
                    "output",
                    ConfigValueFactory.fromAnyRef(corpusDir.resolve("corpus").toString()));
            int batch = intOf(fullCorpus, "batch-size", where + ": corpus batch-size");

            // stage
            Config stage = grid.stageBase().get(st);
            for (Map.Entry<Axis, ConfigValue> e : cell.variant().settings().entrySet()) {
                Axis a = e.getKey();
                if (a.target() == Axis.Target.STAGE && a.appliesTo(st)) {
                    stage = stage.withValue(a.path(), e.getValue());
                }
            }
            if (st.equals("finetune") && stages.contains("pretrain")) {
                stage = stage.withValue("model.init", ConfigValueFactory.fromAnyRef("checkpoint"))
                        .withValue(
                                "model.path",
                                ConfigValueFactory.fromAnyRef(
                                        cellDir.resolve("runs/pretrain").toString()));
            } else if (st.equals("finetune") && grid.stageBase().containsKey("pretrain")) {
                // fine-tuning only: from the model the pre-training stage would have started from
                Config pre = grid.stageBase()
                        .get("pretrain")
                        .withFallback(grid.catalog().stageDefaults());
                stage = stage.withoutPath("model").withValue("model", pre.getValue("model"));
            }
            Config fullStage;
            try {
                fullStage = stage.withFallback(grid.catalog().stageDefaults()).resolve();
            } catch (ConfigException e) {
                throw new AblationException(where + ": " + e.getMessage());
            }
            int workers = intOf(fullStage, "train.workers", where + ": train.workers");
            if (workers < 1) {
                throw new AblationException(where + ": train.workers = " + workers + " must be >= 1");
            }
            int trainBatch = intOf(fullStage, "train.batch-size", where + ": train.batch-size");
            if (trainBatch != 0 && trainBatch != batch) {
                throw new AblationException(where + ": train.batch-size = " + trainBatch + " differs from the corpus "
                        + "batch-size " + batch + " (set batch-size, the corpus key; train.batch-size follows it)");
            }
            long steps = Budget.steps(budgetPairs, batch, workers, "budget." + st + "-pairs");
            long warmup = grid.warmupFraction() >= 0
                    ? Budget.warmupSteps(steps, grid.warmupFraction())
                    : fullStage.getLong("train.warmup-steps");
            Path runDir = cellDir.resolve("runs").resolve(st);
            stage = stage.withValue("stage", ConfigValueFactory.fromAnyRef(st))
                    .withValue(
                            "data.uri",
                            ConfigValueFactory.fromAnyRef(
                                    corpusDir.resolve("corpus").toString()))
                    .withValue("output.uri", ConfigValueFactory.fromAnyRef(runDir.toString()))
                    .withValue("train.seed", ConfigValueFactory.fromAnyRef(cell.seed()))
                    .withValue("train.steps", ConfigValueFactory.fromAnyRef(steps))
                    .withValue("train.warmup-steps", ConfigValueFactory.fromAnyRef(warmup))
                    .withValue("eval.at-start", ConfigValueFactory.fromAnyRef(evaluatesStartModel(cell, stages, st)))
                    .withValue("eval.at-end", ConfigValueFactory.fromAnyRef(st.equals(stages.get(stages.size() - 1))));
            try {
                StageSettings.from(
                        stage.withFallback(grid.catalog().stageDefaults()).resolve());
            } catch (ConfigurationException | ConfigException e) {
                throw new AblationException(where + ": " + e.getMessage());
            }
            grid.evalSets().forEach(s -> dataPaths.add(s.path()));
            out.add(new StagePlan(
                    st,
                    corpusId,
                    corpus,
                    corpusDir,
                    stage,
                    runDir,
                    batch,
                    workers,
                    steps,
                    Budget.pairsSeen(steps, batch, workers),
                    warmup,
                    List.copyOf(dataPaths)));
        }
        return out;
    }

    /**
     * Evaluation happens where the table needs it: every cell's last stage at its end, and the start model once per
     * grid, at the start of the baseline's first seed (every cell starts from the same model, with the same
     * evaluation settings), not three times in every cell.
     */
    private boolean evaluatesStartModel(Cell cell, List<String> stages, String stage) {
        return cell.variant().isBaseline() && cell.seed() == grid.seeds().get(0) && stage.equals(stages.get(0));
    }

    private static int intOf(Config c, String path, String what) {
        try {
            return c.getInt(path);
        } catch (ConfigException e) {
            throw new AblationException(what + ": " + e.getMessage());
        }
    }

    /** Rewrites the {@code path} of every entry of a list of objects to an absolute path, collecting local files. */
    @SuppressWarnings("unchecked")
    private Config absolutePaths(Config c, String listPath, List<String> collected) {
        if (!c.hasPath(listPath)) {
            return c;
        }
        List<Object> out = new ArrayList<>();
        for (Object o : (List<Object>) c.getValue(listPath).unwrapped()) {
            if (o instanceof Map<?, ?> m && m.get("path") != null) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                Object p = m.get("path");
                if (p instanceof List<?> list) {
                    List<String> abs = list.stream()
                            .map(x -> paths.resolve(String.valueOf(x)))
                            .toList();
                    abs.forEach(collected::add);
                    copy.put("path", abs);
                } else {
                    String abs = paths.resolve(String.valueOf(p));
                    collected.add(abs);
                    copy.put("path", abs);
                }
                out.add(copy);
            } else {
                out.add(o);
            }
        }
        return c.withValue(listPath, ConfigValueFactory.fromIterable(out));
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HOCON text of a configuration, for the files a cell runs with. */
    public static String render(Config c) {
        return c.root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
