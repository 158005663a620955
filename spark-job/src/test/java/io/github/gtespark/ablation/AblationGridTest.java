package io.github.gtespark.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid parsing and expansion, the budget arithmetic, the bad-input errors: no Spark, no training. */
class AblationGridTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A small grid over the demo corpus and demo evaluation sets (files that ship with the repository). */
    static String grid(String axes, String extra) {
        return """
                name = t
                seeds = [1, 2]
                corpus.pretrain { conf = "conf/prepare-corpus.conf", batch-size = 8 }
                corpus.finetune { conf = "conf/prepare-corpus-finetune.conf", batch-size = 8 }
                stage.pretrain.conf = "conf/pretrain.conf"
                stage.finetune.conf = "conf/finetune.conf"
                stage.common.train.workers = 2
                budget { pretrain-pairs = 64, finetune-pairs = 33, warmup-fraction = 0.25 }
                eval.sets = [{ name = sts, type = sts, path = "spark-job/demo-eval/stsb-dev-500.tsv" }
                             { name = pqa, type = retrieval, path = "spark-job/demo-eval/pubmedqa-200" }]
                axes = [%s]
                %s
                """.formatted(axes, extra);
    }

    static AblateMain.Prepared prepare(Path dir, String text, String... overrides) throws IOException {
        Path f = dir.resolve("grid.conf");
        Files.writeString(f, text);
        return AblateMain.prepare(f, List.of(overrides), dir.resolve("work"), ROOT);
    }

    static String error(Path dir, String text, String... overrides) {
        return assertThrows(AblationException.class, () -> prepare(dir, text, overrides))
                .getMessage();
    }

    @Test
    void budgetArithmetic() {
        assertEquals(10, Budget.steps(640, 32, 2, "b"));
        assertEquals(2, Budget.steps(33, 8, 2, "b")); // rounded down
        assertEquals(32, Budget.pairsSeen(2, 8, 2));
        assertEquals(1, Budget.steps(64, 32, 2, "b"));
        String e = assertThrows(AblationException.class, () -> Budget.steps(63, 32, 2, "budget.pretrain-pairs"))
                .getMessage();
        assertEquals("budget.pretrain-pairs = 63 is below one step (batch 32 x 2 workers = 64 pairs per step)", e);
        assertEquals(1, Budget.warmupSteps(10, 0.1));
        assertEquals(1, Budget.warmupSteps(3, 0.01)); // at least one
        assertEquals(0, Budget.warmupSteps(1, 0.5)); // never all the steps
        assertEquals(0, Budget.warmupSteps(10, -1));
    }

    @Test
    void oneAtATimeExpansionWithSeedsAndPlans(@TempDir Path dir) throws IOException {
        AblateMain.Prepared p = prepare(dir, grid("""
                { name = loss, key = train.loss, values = [infonce] }
                { key = train.improved.query-query, values = [false] }
                { name = alpha, key = "pretrain:alpha", values = [0, 0.5, 1] }
                { key = stages, values = [[finetune]] }""", ""));
        List<String> variants =
                p.expansion().variants().stream().map(Variant::id).toList();
        assertEquals(
                List.of("baseline", "loss=infonce", "query-query=false", "alpha=0", "alpha=1", "stages=finetune"),
                variants);
        assertEquals(12, p.expansion().cells().size());
        assertEquals("baseline_s1", p.expansion().cells().get(0).id());
        assertEquals("baseline_s2", p.expansion().cells().get(1).id());
        assertTrue(p.expansion().notes().get(0).startsWith("pretrain:alpha=0.5 is the baseline's value"));

        Cell base = p.expansion().cells().get(0);
        List<StagePlan> plans = p.plans().get(base);
        assertEquals(
                List.of("pretrain", "finetune"),
                plans.stream().map(StagePlan::stage).toList());
        StagePlan pre = plans.get(0);
        assertEquals(4, pre.steps()); // 64 / (8 x 2)
        assertEquals(64, pre.pairsSeen());
        assertEquals(1, pre.warmupSteps());
        assertEquals(4, pre.stageConf().getLong("train.steps"));
        assertEquals(1, pre.stageConf().getLong("train.seed"));
        assertEquals(64, pre.corpusConf().getLong("target-pairs"));
        assertEquals(
                ROOT.resolve("spark-job/demo-eval/pubmedqa-200").toString(),
                pre.stageConf().getObjectList("eval.sets").get(1).toConfig().getString("path"));
        assertEquals("", pre.stageConf().getString("eval.sts-dev"));
        StagePlan fine = plans.get(1);
        assertEquals(2, fine.steps()); // 33 / 16, rounded down
        assertEquals("checkpoint", fine.stageConf().getString("model.init"));
        assertEquals(pre.runDir().toString(), fine.stageConf().getString("model.path"));

        // fine-tuning only: one stage, from the model pre-training starts from
        Cell only = p.expansion().cells().stream()
                .filter(c -> c.id().equals("stages=finetune_s1"))
                .findFirst()
                .orElseThrow();
        List<StagePlan> onlyPlans = p.plans().get(only);
        assertEquals(1, onlyPlans.size());
        assertEquals("pretrained", onlyPlans.get(0).stageConf().getString("model.init"));
        assertEquals("all-minilm-l6-v2", onlyPlans.get(0).stageConf().getString("model.name"));

        // evaluation: the start model once (the baseline's first seed, before its first stage), every cell at the
        // end of its last stage, nothing in between
        assertTrue(pre.stageConf().getBoolean("eval.at-start"));
        assertFalse(pre.stageConf().getBoolean("eval.at-end"));
        assertFalse(fine.stageConf().getBoolean("eval.at-start"));
        assertTrue(fine.stageConf().getBoolean("eval.at-end"));
        List<StagePlan> secondSeed = p.plans().get(p.expansion().cells().get(1));
        assertFalse(secondSeed.get(0).stageConf().getBoolean("eval.at-start"));
        assertFalse(secondSeed.get(0).stageConf().getBoolean("eval.at-end"));
        assertTrue(secondSeed.get(1).stageConf().getBoolean("eval.at-end"));
        assertFalse(onlyPlans.get(0).stageConf().getBoolean("eval.at-start"));
        assertTrue(onlyPlans.get(0).stageConf().getBoolean("eval.at-end"));

        // corpora: equal settings shared; alpha 0 and 1 get their own pre-training corpus
        Set<String> corpora = p.plans().values().stream()
                .flatMap(List::stream)
                .map(StagePlan::corpusId)
                .collect(Collectors.toSet());
        assertEquals(4, corpora.size(), corpora.toString());
        Cell infonce = p.expansion().cells().stream()
                .filter(c -> c.id().equals("loss=infonce_s2"))
                .findFirst()
                .orElseThrow();
        assertEquals(pre.corpusId(), p.plans().get(infonce).get(0).corpusId());
        assertEquals("infonce", p.plans().get(infonce).get(0).stageConf().getString("train.loss"));
        assertEquals("infonce", p.plans().get(infonce).get(1).stageConf().getString("train.loss"));
    }

    @Test
    void productModeCombinesAndLeavesOutWhatAStageWouldRefuse(@TempDir Path dir) throws IOException {
        AblateMain.Prepared p = prepare(dir, grid("""
                { name = loss, key = train.loss, values = [infonce] }
                { name = qq, key = train.improved.query-query, values = [false] }
                { name = tau, key = "finetune:train.tau", values = [0.05] }""", "mode = product"));
        List<String> labels =
                p.expansion().variants().stream().map(Variant::label).toList();
        assertEquals(
                List.of(
                        "baseline",
                        "tau=0.05",
                        "qq=false",
                        "qq=false, tau=0.05",
                        "loss=infonce",
                        "loss=infonce, tau=0.05"),
                labels);
        assertTrue(
                p.expansion().notes().stream().anyMatch(n -> n.startsWith("loss=infonce, qq=false left out")),
                p.expansion().notes().toString());
        Cell tau = p.expansion().cells().stream()
                .filter(c -> c.id().equals("tau=0.05_s1"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.01, p.plans().get(tau).get(0).stageConf().getDouble("train.tau")); // pretrain untouched
        assertEquals(0.05, p.plans().get(tau).get(1).stageConf().getDouble("train.tau"));
    }

    @Test
    void shippedGridsExpand(@TempDir Path dir) {
        PathResolver paths = new PathResolver(ROOT);
        KeyCatalog catalog = KeyCatalog.load(ROOT.toFile());
        Grid paper = Grid.parse(
                ConfigFactory.parseFile(
                        ROOT.resolve("conf/ablation/gte-paper.conf").toFile()),
                catalog,
                paths);
        GridExpansion.Expansion ex = GridExpansion.expand(paper);
        assertEquals(
                List.of(
                        "baseline",
                        "loss=infonce",
                        "qq=false",
                        "dq=false",
                        "dd=false",
                        "alpha=0",
                        "alpha=1",
                        "stages=finetune",
                        "mrl=384+256+128+64"),
                ex.variants().stream().map(Variant::id).toList());
        assertEquals(18, ex.cells().size());
        Planner planner = new Planner(paper, dir, paths);
        List<StagePlan> base = planner.plan(ex.cells().get(0));
        assertEquals(20, base.get(0).steps()); // 640 pairs / (32 x 1 worker)
        assertEquals(8, base.get(1).steps());
        Grid smoke = Grid.parse(
                ConfigFactory.parseFile(ROOT.resolve("conf/ablation/smoke.conf").toFile()), catalog, paths);
        assertEquals(2, GridExpansion.expand(smoke).cells().size());
        // the adapt-domain stage-1 sweeps (their shared part comes in through an include)
        for (String domain : List.of("se-beer", "debian")) {
            Grid sweep = Grid.parse(
                    ConfigFactory.parseFile(ROOT.resolve("conf/ablation/adapt-stage1-" + domain + ".conf")
                                    .toFile())
                            .resolve(), // axes += ... is a substitution
                    catalog,
                    paths);
            GridExpansion.Expansion sx = GridExpansion.expand(sweep);
            assertEquals(
                    List.of("baseline", "tau=0.02", "tau=0.1", "lr=1.0E-5", "lr=1.0E-4"),
                    sx.variants().subList(0, 5).stream().map(Variant::id).toList());
            List<StagePlan> basePlan =
                    new Planner(sweep, dir, paths).plan(sx.cells().get(0));
            List<StagePlan> twice =
                    new Planner(sweep, dir, paths).plan(sx.cells().get(5));
            assertEquals(2 * basePlan.get(0).steps(), twice.get(0).steps()); // the epochs cell: two passes
            assertEquals(basePlan.get(0).corpusId(), twice.get(0).corpusId());
        }
    }

    @Test
    void budgetAxisChangesOneStagesPairsAndNothingElse(@TempDir Path dir) throws IOException {
        // epochs as an axis: the corpus keeps every pair (target-pairs = 0), the budget says how many the stage sees
        AblateMain.Prepared p = prepare(
                dir,
                grid(
                        "{ name = pairs, key = budget.pretrain-pairs, values = [64, 128] }",
                        "corpus.pretrain.target-pairs = 0"));
        assertEquals(
                List.of("baseline", "pairs=128"),
                p.expansion().variants().stream().map(Variant::id).toList());
        assertTrue(p.expansion().notes().get(0).startsWith("budget.pretrain-pairs=64 is the baseline's value"));
        Cell base = p.expansion().cells().get(0);
        Cell twice = p.expansion().cells().stream()
                .filter(c -> c.id().equals("pairs=128_s1"))
                .findFirst()
                .orElseThrow();
        StagePlan basePre = p.plans().get(base).get(0);
        StagePlan twicePre = p.plans().get(twice).get(0);
        assertEquals(4, basePre.steps());
        assertEquals(8, twicePre.steps()); // 128 / (8 x 2)
        assertEquals(128, twicePre.pairsSeen());
        assertEquals(2, twicePre.warmupSteps()); // the warm-up fraction of its own steps
        assertEquals(basePre.corpusId(), twicePre.corpusId()); // the same corpus, seen twice as often
        assertEquals(0, twicePre.corpusConf().getLong("target-pairs"));
        assertEquals(2, p.plans().get(twice).get(1).steps()); // fine-tuning keeps the grid's budget

        // without an explicit target-pairs the corpus follows the budget: its own corpus
        AblateMain.Prepared q = prepare(dir, grid("{ name = pairs, key = budget.pretrain-pairs, values = [128] }", ""));
        Cell qTwice = q.expansion().cells().get(2);
        assertEquals(128, q.plans().get(qTwice).get(0).corpusConf().getLong("target-pairs"));

        String e = error(dir, grid("{ key = budget.warmup-pairs, values = [64] }", ""));
        assertEquals(
                "axes[0] (budget.warmup-pairs): unknown budget key (budget.pretrain-pairs, budget.finetune-pairs)", e);
        e = error(dir, grid("{ key = budget.pretrain-pairs, values = [0.5] }", ""));
        assertEquals("axes[0] (budget.pretrain-pairs): 0.5 is not a whole number of pairs >= 1", e);
        e = error(dir, grid("{ key = \"finetune:budget.pretrain-pairs\", values = [64] }", ""));
        assertTrue(e.contains("names its stage; no stage prefix"), e);
        e = error(dir, grid("{ key = budget.finetune-pairs, values = [64] }", "stages = [pretrain]"));
        assertEquals("axis finetune-pairs (budget.finetune-pairs): no cell runs stage finetune", e);
        e = error(dir, grid("{ key = budget.pretrain-pairs, values = [8] }", ""));
        assertEquals("budget.pretrain-pairs = 8 is below one step (batch 8 x 2 workers = 16 pairs per step)", e);
    }

    @Test
    void badInputIsOneLineBeforeAnythingRuns(@TempDir Path dir) {
        String e = error(dir, grid("{ key = train.los, values = [infonce] }", ""));
        assertTrue(e.contains("axes[0] (train.los): unknown key 'train.los'") && e.contains("closest: train.loss"), e);
        e = error(dir, grid("{ key = train.loss, values = [improvd] }", ""));
        assertEquals(
                "axes[0] (train.loss): unknown loss 'improvd' (improved | infonce | symmetric-infonce | cosent)", e);
        e = error(dir, grid("{ key = alpha, values = [] }", ""));
        assertEquals("axes[0] (alpha): empty axis (values = [])", e);
        e = error(dir, grid("{ key = \"finetune:train.tau\", values = [0.1] }", ""), "budget.finetune-pairs=15");
        assertEquals("budget.finetune-pairs = 15 is below one step (batch 8 x 2 workers = 16 pairs per step)", e);
        e = error(dir, grid("{ key = train.seed, values = [3] }", ""));
        assertTrue(e.contains("train.seed is set by ablate itself (use seeds = [...])"), e);
        e = error(dir, grid("{ key = \"warmup:alpha\", values = [0] }", ""));
        assertTrue(e.contains("unknown stage prefix 'warmup:'"), e);
        e = error(dir, grid("{ key = stages, values = [[finetune, pretrain]] }", ""));
        assertTrue(e.contains("pretrain before finetune"), e);
        e = error(dir, grid("", "stage.common.train.tua = 0.1"));
        assertTrue(e.startsWith("stage.common.train.tua: unknown stage key") && e.contains("train.tau"), e);
        e = error(dir, grid("", "seeds = []"));
        assertTrue(e.startsWith("seeds:"), e);
        e = error(dir, grid("", "mode = grid"));
        assertEquals("mode: 'grid' is not one-at-a-time | product", e);
        e = error(dir, grid("{ key = train.workers, values = [0] }", ""));
        assertTrue(e.contains("cell workers=0_s1, stage pretrain"), e);
        e = error(
                dir,
                grid("", "missing-data-hint = \"run scripts/build-dev-sets first\""),
                "eval.sets=[{name = x, type = retrieval, path = \"target/no-such-dev-sets/eval\"}]");
        assertEquals(
                "missing data: " + ROOT.resolve("target/no-such-dev-sets/eval") + " (run scripts/build-dev-sets first)",
                e);
        e = error(dir, grid("", ""), "budgt.pretrain-pairs=5");
        assertTrue(e.contains("unknown configuration key 'budgt.pretrain-pairs'"), e);
        for (String m : List.of(e)) {
            assertFalse(m.contains("\n"), m);
        }
    }

    @Test
    void mainReportsBadInputWithExitCode2AndRunsNothing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.conf");
        Files.writeString(f, grid("{ key = train.loss, values = [nope] }", ""));
        List<List<String>> launched = new ArrayList<>();
        AblationException e = assertThrows(
                AblationException.class,
                () -> AblateMain.run(
                        new String[] {
                            "--grid",
                            f.toString(),
                            "--work-dir",
                            dir.resolve("w").toString()
                        },
                        ROOT,
                        (cmd, log) -> {
                            launched.add(cmd);
                            return 0;
                        },
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("unknown loss 'nope'"));
        assertTrue(launched.isEmpty());
        assertFalse(Files.exists(dir.resolve("w")));
    }

    @Test
    void axisValuesAndLabels() {
        assertEquals("finetune+pretrain", GridExpansion.safe("[finetune,pretrain]"));
        assertEquals("a-b", GridExpansion.safe("a:b"));
        assertEquals(3, KeyCatalog.distance("kitten", "sitting"));
    }
}
