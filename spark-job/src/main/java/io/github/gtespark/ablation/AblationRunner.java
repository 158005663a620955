package io.github.gtespark.ablation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the cells one after the other through the project's own scripts ({@code scripts/prepare-corpus},
 * {@code scripts/train-stage}: locally, or on the cluster GTE_SPARK_MASTER names). A cell with {@code _SUCCESS} is
 * not run again (its result.json is read); a stage with {@code _SUCCESS} in its run directory is kept; a stage with
 * checkpoints continues with {@code --resume}. A corpus is prepared once per settings and shared. A failed step
 * marks its cell failed (with the log) and the next cell goes on.
 */
public final class AblationRunner {

    /** Runs one command with its output into {@code log}; returns the exit code. */
    public interface Launcher {
        int run(List<String> command, Path log) throws IOException, InterruptedException;
    }

    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path repoRoot;
    private final Launcher launcher;
    private final PrintStream err;
    private final Set<String> failedCorpora = new HashSet<>();
    private final Map<String, Double> preparedSeconds = new LinkedHashMap<>();

    public AblationRunner(Path repoRoot, Launcher launcher, PrintStream err) {
        this.repoRoot = repoRoot;
        this.launcher = launcher;
        this.err = err;
    }

    /** Seconds each corpus prepared in this invocation took. */
    public Map<String, Double> preparedSeconds() {
        return preparedSeconds;
    }

    /**
     * @param execute false: only collect finished cells' results (the rest are not-run)
     * @param afterEachCell called with all results so far (finished cells, then not-run placeholders)
     */
    public List<CellResult> run(
            List<Cell> cells,
            Map<Cell, List<StagePlan>> plans,
            Planner planner,
            boolean execute,
            Consumer<List<CellResult>> afterEachCell)
            throws IOException, InterruptedException {
        Map<Cell, CellResult> results = new LinkedHashMap<>();
        for (Cell c : cells) {
            results.put(c, existing(planner.cellDir(c)));
        }
        int i = 0;
        for (Cell cell : cells) {
            i++;
            if (results.get(cell) != null) {
                err.println("ablate: [" + i + "/" + cells.size() + "] " + cell.id()
                        + ": done before (_SUCCESS), not run again");
                continue;
            }
            if (!execute) {
                continue;
            }
            err.println("ablate: [" + i + "/" + cells.size() + "] " + cell.id() + " ("
                    + cell.variant().changes() + ")");
            results.put(cell, runCell(cell, plans.get(cell), planner.cellDir(cell)));
            afterEachCell.accept(collect(cells, plans, results));
        }
        return collect(cells, plans, results);
    }

    private List<CellResult> collect(
            List<Cell> cells, Map<Cell, List<StagePlan>> plans, Map<Cell, CellResult> results) {
        List<CellResult> out = new ArrayList<>();
        for (Cell c : cells) {
            CellResult r = results.get(c);
            out.add(
                    r != null
                            ? withEvaluationCost(r, plans.get(c))
                            : result(c, plans.get(c), "not-run", null, "", Map.of(), Map.of(), Map.of()));
        }
        return out;
    }

    /**
     * The cell's result with what its stages' in-training evaluation cost, read from their metrics.jsonl (so that
     * results written before the cost was recorded, and reports rewritten with --report-only, have it too).
     */
    private static CellResult withEvaluationCost(CellResult r, List<StagePlan> plans) {
        double evaluation = 0;
        double training = 0;
        for (StagePlan p : plans) {
            try {
                double[] cost = MetricsReader.evaluationCost(p.runDir().resolve("metrics.jsonl"));
                evaluation += cost[0];
                training += cost[1];
            } catch (IOException e) {
                // an unreadable metrics file leaves the cost unknown; the figures came from it already
                return r;
            }
        }
        return r.withEvaluationCost(evaluation, training);
    }

    static CellResult existing(Path cellDir) throws IOException {
        Path ok = cellDir.resolve("_SUCCESS");
        Path json = cellDir.resolve("result.json");
        if (!Files.exists(ok) || !Files.exists(json)) {
            return null;
        }
        return JSON.readValue(json.toFile(), CellResult.class);
    }

    private CellResult runCell(Cell cell, List<StagePlan> plans, Path cellDir)
            throws IOException, InterruptedException {
        Files.createDirectories(cellDir.resolve("logs"));
        Map<String, Double> wall = new LinkedHashMap<>();
        for (StagePlan p : plans) {
            Files.writeString(
                    cellDir.resolve(p.stage() + ".conf"),
                    header(cell, p) + Planner.render(p.stageConf()),
                    StandardCharsets.UTF_8);
        }
        String lastLog = "";
        for (StagePlan p : plans) {
            // the corpus, once per settings
            Path corpusOut = p.corpusOutput();
            if (failedCorpora.contains(p.corpusId())) {
                return failed(
                        cell,
                        plans,
                        "prepare-corpus " + p.corpusId(),
                        p.corpusDir().resolve("prepare.log"),
                        wall);
            }
            if (!Files.exists(corpusOut.resolve("_SUCCESS"))) {
                Files.createDirectories(p.corpusDir());
                deleteTree(corpusOut);
                Path conf = p.corpusDir().resolve("prepare.conf");
                Files.writeString(
                        conf,
                        "# prepared by scripts/ablate for stage " + p.stage() + "\n" + Planner.render(p.corpusConf()),
                        StandardCharsets.UTF_8);
                Path log = p.corpusDir().resolve("prepare.log");
                err.println("ablate:   preparing corpus " + p.corpusId() + " (log " + log + ")");
                long t0 = System.nanoTime();
                int rc = launcher.run(List.of(script("prepare-corpus"), "--conf", conf.toString()), log);
                preparedSeconds.put(p.corpusId(), (System.nanoTime() - t0) / 1e9);
                if (rc != 0 || !Files.exists(corpusOut.resolve("_SUCCESS"))) {
                    failedCorpora.add(p.corpusId());
                    err.println("ablate:   corpus " + p.corpusId() + " failed (exit " + rc + "), log " + log);
                    return failed(cell, plans, "prepare-corpus " + p.corpusId(), log, wall);
                }
            }
            // the stage
            Path log = cellDir.resolve("logs").resolve(p.stage() + ".log");
            lastLog = log.toString();
            Path seconds = cellDir.resolve(p.stage() + ".seconds");
            if (Files.exists(p.runDir().resolve("_SUCCESS")) && Files.exists(seconds)) {
                wall.put(p.stage(), Double.parseDouble(Files.readString(seconds).trim()));
                err.println("ablate:   " + p.stage() + ": finished before, kept");
                continue;
            }
            List<String> cmd = new ArrayList<>(List.of(
                    script("train-stage"),
                    "--conf",
                    cellDir.resolve(p.stage() + ".conf").toString()));
            double before = Files.exists(seconds)
                    ? Double.parseDouble(Files.readString(seconds).trim())
                    : 0;
            if (hasCheckpoint(p.runDir())) {
                cmd.add("--resume");
            } else {
                deleteTree(p.runDir());
                before = 0;
            }
            err.println("ablate:   " + p.stage() + ": " + p.steps() + " steps x " + p.batch() + " pairs x "
                    + p.workers() + " workers (log " + log + ")");
            long t0 = System.nanoTime();
            int rc = launcher.run(cmd, log);
            double took = before + (System.nanoTime() - t0) / 1e9;
            Files.writeString(seconds, String.valueOf(took));
            wall.put(p.stage(), took);
            if (rc != 0) {
                err.println("ablate:   " + p.stage() + " failed (exit " + rc + "), log " + log);
                return failed(cell, plans, p.stage(), log, wall);
            }
        }
        StagePlan last = plans.get(plans.size() - 1);
        Map<String, Double>[] figures = MetricsReader.read(last.runDir().resolve("metrics.jsonl"), last.stage());
        if (figures[0].isEmpty()) {
            return failed(
                    cell, plans, last.stage() + " (no final evaluation in metrics.jsonl)", Path.of(lastLog), wall);
        }
        CellResult r = result(cell, plans, "done", null, lastLog, wall, figures[0], figures[1]);
        JSON.writeValue(cellDir.resolve("result.json").toFile(), r);
        Files.writeString(cellDir.resolve("_SUCCESS"), "");
        err.println("ablate:   done: " + figures[0]);
        return r;
    }

    private CellResult failed(Cell cell, List<StagePlan> plans, String what, Path log, Map<String, Double> wall) {
        return result(cell, plans, "failed", what, log.toString(), wall, Map.of(), Map.of());
    }

    static CellResult result(
            Cell cell,
            List<StagePlan> plans,
            String status,
            String failedStage,
            String log,
            Map<String, Double> wall,
            Map<String, Double> metrics,
            Map<String, Double> start) {
        Map<String, String> changes = new LinkedHashMap<>();
        cell.variant().settings().forEach((a, v) -> changes.put(a.key(), Axis.text(v)));
        Map<String, Long> steps = new LinkedHashMap<>();
        Map<String, Long> pairs = new LinkedHashMap<>();
        List<String> stages = new ArrayList<>();
        for (StagePlan p : plans) {
            stages.add(p.stage());
            steps.put(p.stage(), p.steps());
            pairs.put(p.stage(), p.pairsSeen());
        }
        return new CellResult(
                cell.id(),
                cell.variant().id(),
                cell.variant().label(),
                changes,
                cell.seed(),
                stages,
                status,
                failedStage,
                log,
                steps,
                pairs,
                new LinkedHashMap<>(wall),
                metrics,
                start,
                0,
                0);
    }

    private String header(Cell cell, StagePlan p) {
        return "# scripts/ablate: cell " + cell.id() + ", stage " + p.stage() + " ("
                + cell.variant().changes()
                + ", seed " + cell.seed() + "); " + p.steps() + " steps x " + p.batch() + " pairs x " + p.workers()
                + " workers = " + p.pairsSeen() + " pairs\n";
    }

    private String script(String name) {
        return repoRoot.resolve("scripts").resolve(name).toString();
    }

    private static boolean hasCheckpoint(Path runDir) throws IOException {
        Path cp = runDir.resolve("checkpoints");
        if (!Files.isDirectory(cp)) {
            return false;
        }
        try (Stream<Path> s = Files.list(cp)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** The production launcher: the command with GTE_HOME set, stdout and stderr into the log. */
    public static Launcher processes(Path repoRoot) {
        return (command, log) -> {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("GTE_HOME", repoRoot.toString());
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process proc = pb.start();
            return proc.waitFor();
        };
    }
}
