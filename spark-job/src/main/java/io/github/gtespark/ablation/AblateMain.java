package io.github.gtespark.ablation;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.StageConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code scripts/ablate --grid FILE --work-dir DIR [--dry-run | --report-only] [key=value ...]}: expands a grid of
 * stage runs, checks every cell's configuration and data, runs the cells through the project's scripts and writes
 * DIR/ablation.md, DIR/ablation.png and DIR/ablation.jsonl. Exit codes: 0 every cell done (or dry run), 1 a cell
 * failed, 2 bad input (one line on stderr, nothing run).
 */
public final class AblateMain {

    static final String USAGE =
            "usage: scripts/ablate --grid FILE --work-dir DIR [--dry-run | --report-only] [key=value ...]";

    private AblateMain() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path root = Path.of(System.getenv().getOrDefault("GTE_HOME", "."))
                .toAbsolutePath()
                .normalize();
        int code;
        try {
            code = run(args, root, AblationRunner.processes(root), System.out, System.err);
        } catch (AblationException e) {
            System.err.println("ablate: " + e.getMessage());
            code = 2;
        } catch (IOException | InterruptedException e) {
            System.err.println("ablate: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /** Everything a run of the grid needs, checked: the grid, its cells and every cell's stage plans. */
    public record Prepared(
            Path gridFile,
            Grid grid,
            GridExpansion.Expansion expansion,
            Map<Cell, List<StagePlan>> plans,
            Planner planner) {}

    /** Parses and checks the grid, expands and plans every cell, checks the data exists. */
    public static Prepared prepare(Path gridFile, List<String> overrides, Path workDir, Path root) {
        Config raw;
        try {
            raw = StageConfigLoader.load(gridFile.toString(), overrides, null);
        } catch (ConfigurationException e) {
            throw new AblationException(
                    "grid " + gridFile + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
        PathResolver paths = new PathResolver(root);
        Grid grid = Grid.parse(raw, KeyCatalog.load(root.toFile()), paths);
        GridExpansion.Expansion ex = GridExpansion.expand(grid);
        Planner planner = new Planner(grid, workDir, paths);
        Map<Cell, List<StagePlan>> plans = new LinkedHashMap<>();
        Set<String> data = new LinkedHashSet<>();
        for (Cell c : ex.cells()) {
            List<StagePlan> p = planner.plan(c);
            plans.put(c, p);
            p.forEach(s -> data.addAll(s.dataPaths()));
        }
        for (String d : data) {
            if (!StageConfigLoader.isUri(d) && !d.matches(".*[*?\\[{].*") && !Files.exists(Path.of(d))) {
                throw new AblationException("missing data: " + d
                        + (grid.missingDataHint().isBlank() ? "" : " (" + grid.missingDataHint() + ")"));
            }
        }
        return new Prepared(gridFile, grid, ex, plans, planner);
    }

    public static int run(String[] args, Path root, AblationRunner.Launcher launcher, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        String grid = null;
        String work = null;
        boolean dry = false;
        boolean reportOnly = false;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--grid" -> grid = value(args, ++i, a);
                case "--work-dir" -> work = value(args, ++i, a);
                case "--dry-run" -> dry = true;
                case "--report-only" -> reportOnly = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--grid=")) {
                        grid = a.substring(7);
                    } else if (a.startsWith("--work-dir=")) {
                        work = a.substring(11);
                    } else if (!a.startsWith("-") && a.contains("=")) {
                        overrides.add(a);
                    } else {
                        throw new AblationException("unknown argument '" + a + "' (" + USAGE + ")");
                    }
                }
            }
        }
        if (grid == null || work == null) {
            throw new AblationException("--grid FILE and --work-dir DIR are required (" + USAGE + ")");
        }
        Path gridFile = Path.of(grid);
        if (!gridFile.isAbsolute() && !Files.exists(gridFile)) {
            gridFile = root.resolve(grid);
        }
        if (!Files.isRegularFile(gridFile)) {
            throw new AblationException("grid file not found: " + grid);
        }
        Path workDir = Path.of(work).toAbsolutePath().normalize();
        Prepared p = prepare(gridFile, overrides, workDir, root);
        describe(p, err);
        if (dry) {
            return 0;
        }
        Files.createDirectories(workDir);
        Files.writeString(
                workDir.resolve("grid.conf"),
                "# " + gridFile + (overrides.isEmpty() ? "" : " " + String.join(" ", overrides)) + "\n"
                        + Files.readString(gridFile),
                StandardCharsets.UTF_8);
        AblationRunner runner = new AblationRunner(root, launcher, err);
        List<CellResult> results = runner.run(
                p.expansion().cells(),
                p.plans(),
                p.planner(),
                !reportOnly,
                r -> writeReports(p, workDir, r, err, false));
        writeReports(p, workDir, results, err, true);
        long failed = results.stream().filter(r -> r.status().equals("failed")).count();
        out.println("ablation=" + workDir.resolve("ablation.md"));
        return failed > 0 ? 1 : 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new AblationException(option + " needs a value (" + USAGE + ")");
        }
        return args[i];
    }

    static void describe(Prepared p, PrintStream err) {
        Set<String> corpora = new TreeSet<>();
        p.plans().values().forEach(l -> l.forEach(s -> corpora.add(s.corpusId())));
        err.println("ablate: grid " + p.grid().name() + " (" + p.gridFile() + "): "
                + p.expansion().variants().size()
                + " variants x " + p.grid().seeds().size() + " seeds = "
                + p.expansion().cells().size() + " cell runs, "
                + corpora.size() + " corpora");
        budgetLines(p).forEach(l -> err.println("ablate: " + l));
        p.expansion().notes().forEach(n -> err.println("ablate: note: " + n));
        for (Cell c : p.expansion().cells()) {
            StringBuilder s = new StringBuilder("ablate:   " + c.id() + ":");
            p.plans()
                    .get(c)
                    .forEach(sp -> s.append(' ')
                            .append(sp.stage())
                            .append(' ')
                            .append(sp.steps())
                            .append(" steps [")
                            .append(sp.corpusId())
                            .append(']'));
            err.println(s);
        }
    }

    /** The budget, per stage, as the table states it (every distinct steps x batch x workers). */
    static List<String> budgetLines(Prepared p) {
        Map<String, Set<String>> per = new LinkedHashMap<>();
        for (List<StagePlan> l : p.plans().values()) {
            for (StagePlan s : l) {
                per.computeIfAbsent(s.stage(), k -> new LinkedHashSet<>())
                        .add(String.format(
                                Locale.ROOT,
                                "%,d pairs = %d steps x %d pairs x %d workers",
                                s.pairsSeen(),
                                s.steps(),
                                s.batch(),
                                s.workers()));
            }
        }
        List<String> out = new ArrayList<>();
        per.forEach((st, v) -> out.add(String.format(
                Locale.ROOT,
                "budget %s: %,d pairs -> %s",
                st,
                p.grid().budgetPairs().get(st),
                String.join("; ", v))));
        return out;
    }

    static void writeReports(Prepared p, Path workDir, List<CellResult> results, PrintStream err, boolean last) {
        try {
            Grid g = p.grid();
            long done = results.stream().filter(CellResult::done).count();
            long failed =
                    results.stream().filter(r -> r.status().equals("failed")).count();
            List<String> header = new ArrayList<>();
            header.add(String.format(
                    Locale.ROOT,
                    "Grid `%s` (mode %s, seeds %s): %d cell runs, %d done, %d failed.",
                    p.gridFile(),
                    g.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    g.seeds(),
                    results.size(),
                    done,
                    failed));
            header.add("");
            header.add(
                    "Equal budget for every cell (pairs seen per stage; `train.steps` = budget / (batch size x workers), "
                            + "rounded down; a cell that skips a stage skips its pairs):");
            header.add("");
            budgetLines(p).forEach(l -> header.add("- " + l));
            header.add("");
            header.add(
                    "Figures: each set's primary metric (sts: spearman, retrieval: ndcg@10) from the final evaluation of "
                            + "the cell's last stage (`eval.sets` at the end of training, metrics.jsonl), mean over seeds with "
                            + "(min–max); Δ = mean minus the baseline's mean. Wall time: the training stages of one run (mean "
                            + "over seeds, evaluation included); corpus preparation is shared between cells and not included. "
                            + "Eval share: in-training evaluation's share of the stages' training plus evaluation time "
                            + "(`eval_cost` lines of metrics.jsonl, mean over seeds; job start-up, checkpoints and the "
                            + "export are outside both).");
            if (!p.expansion().notes().isEmpty()) {
                header.add("");
                p.expansion().notes().forEach(n -> header.add("Note: " + n + "."));
            }
            String md = AblationReport.markdown(
                    "Ablation: " + g.name(), header, g.evalSets(), p.expansion().variants(), results);
            Files.writeString(workDir.resolve("ablation.md"), md, StandardCharsets.UTF_8);
            Files.writeString(
                    workDir.resolve("ablation.jsonl"),
                    AblationReport.jsonl(results, g.evalSets()),
                    StandardCharsets.UTF_8);
            if (last || done > 0) {
                Files.write(
                        workDir.resolve("ablation.png"),
                        AblationChart.renderPng(
                                "Ablation: " + g.name(),
                                g.evalSets(),
                                p.expansion().variants(),
                                results,
                                1100,
                                650));
            }
        } catch (IOException e) {
            err.println("ablate: cannot write the report: " + e);
        }
    }
}
