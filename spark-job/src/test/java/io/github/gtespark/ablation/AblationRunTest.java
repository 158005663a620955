package io.github.gtespark.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner and the reports with a stand-in for the two scripts (it writes what they write: the corpus's
 * _SUCCESS, the run's metrics.jsonl and _SUCCESS), so no Spark: sharing of corpora, failure of one cell while the
 * others go on, resume, and the table / jsonl / chart.
 */
class AblationRunTest {

    /** Stand-in for scripts/prepare-corpus and scripts/train-stage; fails the infonce run of seed 2 while {@code fail}. */
    static final class FakeScripts implements AblationRunner.Launcher {
        final List<String> calls = new ArrayList<>();
        boolean fail = true;

        @Override
        public int run(List<String> command, Path log) throws IOException {
            Files.createDirectories(log.getParent());
            Config c = ConfigFactory.parseFile(Path.of(command.get(2)).toFile());
            String script = Path.of(command.get(0)).getFileName().toString();
            calls.add(script + " "
                    + (script.equals("prepare-corpus")
                            ? Path.of(c.getString("output")).getParent().getFileName()
                            : c.getString("output.uri").replaceAll(".*/cells/", "")));
            Files.writeString(log, "log of " + command + "\n");
            if (script.equals("prepare-corpus")) {
                Path out = Path.of(c.getString("output"));
                Files.createDirectories(out);
                Files.writeString(out.resolve("_SUCCESS"), "");
                return 0;
            }
            String loss = c.hasPath("train.loss") ? c.getString("train.loss") : "improved";
            long seed = c.getLong("train.seed");
            if (fail && loss.equals("infonce") && seed == 2) {
                return 1;
            }
            Path run = Path.of(c.getString("output.uri"));
            Files.createDirectories(run);
            String stage = c.getString("stage");
            double sts = (loss.equals("infonce") ? 0.70 : 0.80) + seed / 100.0 + (stage.equals("finetune") ? 0.05 : 0);
            Files.writeString(
                    run.resolve("metrics.jsonl"),
                    String.format(Locale.ROOT, """
                    {"type":"eval","stage":"%1$s","step":0,"baseline":true,"metrics":{"sts/spearman":0.75,"pqa/ndcg@10":0.5}}
                    {"type":"train","stage":"%1$s","step":2,"loss":1.0}
                    {"type":"eval","stage":"%1$s","step":2,"baseline":false,"metrics":{"sts/spearman":%2$.4f,"pqa/ndcg@10":0.6,"pqa/mrr@10":0.7}}
                    {"type":"eval_cost","stage":"%1$s","evaluation_seconds":%3$.1f,"training_seconds":30.0,"share":0.25,"skipped":0}
                    """, stage, sts, stage.equals("finetune") ? 10.0 : 30.0));
            Files.writeString(run.resolve("_SUCCESS"), "");
            return 0;
        }
    }

    @Test
    void runsSharesFailsResumesAndReports(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.conf");
        Files.writeString(grid, AblationGridTest.grid("{ name = loss, key = train.loss, values = [infonce] }", ""));
        Path work = dir.resolve("work");
        String[] args = {"--grid", grid.toString(), "--work-dir", work.toString()};
        FakeScripts fake = new FakeScripts();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AblateMain.run(
                args, AblationGridTest.ROOT, fake, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, code, err.toString());
        // two corpora (pretrain, finetune), each prepared once for the four runs
        assertEquals(
                2,
                fake.calls.stream().filter(s -> s.startsWith("prepare-corpus")).count(),
                fake.calls.toString());
        assertEquals(
                List.of("train-stage baseline_s1/runs/pretrain", "train-stage baseline_s1/runs/finetune"),
                fake.calls.stream()
                        .filter(s -> s.startsWith("train-stage"))
                        .limit(2)
                        .toList());

        String md = Files.readString(work.resolve("ablation.md"));
        // baseline: seeds 1 and 2 give 0.86 and 0.87 after fine-tuning
        assertTrue(
                md.contains(
                        "| **baseline** | - | 2/2 | 0.8650 (0.8600–0.8700) | - | 0.6000 (0.6000–0.6000) | - | 96 |"),
                md);
        // in-training evaluation: pretrain 30 s of 60 s, finetune 10 s of 40 s: 40 s of 100 s in each run
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| **baseline** |") && l.endsWith("s | 40% |")), md);
        assertTrue(
                md.contains("| start model | before training | - | 0.7500 | -0.1150 | 0.5000 | -0.1000 | 0 | - | - |"),
                md);
        // infonce: seed 2 failed, seed 1 gives 0.76
        assertTrue(
                md.contains("| loss=infonce | train.loss=infonce | 1/2 | 0.7600 | -0.1050 | 0.6000 | +0.0000 | 96 |"),
                md);
        assertTrue(md.contains("pretrain: 64 pairs -> 64 pairs = 4 steps x 8 pairs x 2 workers"), md);
        assertTrue(
                md.contains("- loss=infonce_s2: pretrain failed; log: "
                        + work.resolve("cells/loss=infonce_s2/logs/pretrain.log")),
                md);
        List<String> jsonl = Files.readAllLines(work.resolve("ablation.jsonl"));
        assertEquals(4, jsonl.size());
        Map<?, ?> first = AblationRunner.JSON.readValue(jsonl.get(0), Map.class);
        assertEquals("baseline_s1", first.get("cell"));
        assertEquals(Map.of("sts/spearman", 0.86, "pqa/ndcg@10", 0.6), first.get("primary"));
        assertEquals(Map.of("pretrain", 64, "finetune", 32), first.get("pairs"));
        assertEquals(40.0, (Double) first.get("evaluation_seconds"), 1e-9);
        assertEquals(0.4, (Double) first.get("evaluation_share"), 1e-9);
        assertEquals(
                "failed", AblationRunner.JSON.readValue(jsonl.get(3), Map.class).get("status"));
        byte[] png = Files.readAllBytes(work.resolve("ablation.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);

        // again: finished cells are not run again, the failed one is, from its first stage
        fake.calls.clear();
        fake.fail = false;
        code = AblateMain.run(
                args,
                AblationGridTest.ROOT,
                fake,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        assertEquals(
                List.of("train-stage loss=infonce_s2/runs/pretrain", "train-stage loss=infonce_s2/runs/finetune"),
                fake.calls);
        md = Files.readString(work.resolve("ablation.md"));
        assertTrue(md.contains("| loss=infonce | train.loss=infonce | 2/2 | 0.7650 (0.7600–0.7700) | -0.1000 |"), md);
        assertTrue(!md.contains("Failed runs"), md);
    }

    @Test
    void tableOfHandMadeResults() {
        EvalSet sts = new EvalSet("stsb", "sts", "/x");
        Variant base = new Variant("baseline", "baseline", Map.of());
        Axis tau = new Axis(
                "tau", "train.tau", null, Axis.Target.STAGE, "train.tau", List.of(ConfigValueFactory.fromAnyRef(0.05)));
        Variant other = new Variant("tau=0.05", "tau=0.05", Map.of(tau, ConfigValueFactory.fromAnyRef(0.05)));
        List<CellResult> rs = List.of(
                result("baseline_s1", "baseline", 0.5, 100),
                result("baseline_s2", "baseline", 0.7, 140),
                result("tau=0.05_s1", "tau=0.05", 0.9, 61));
        String md = AblationReport.markdown("T", List.of("h"), List.of(sts), List.of(base, other), rs);
        assertTrue(
                md.startsWith(
                        "# T\n\nh\n\n| cell | changes | runs | stsb spearman | Δ | pairs seen | wall time | eval share |\n"),
                md);
        assertTrue(md.contains("| **baseline** | - | 2/2 | 0.6000 (0.5000–0.7000) | - | 64 | 2m00s | - |"), md);
        assertTrue(md.contains("| tau=0.05 | train.tau=0.05 | 1/1 | 0.9000 | +0.3000 | 64 | 1m01s | - |"), md);
    }

    static CellResult result(String cell, String variant, double v, double seconds) {
        return new CellResult(
                cell,
                variant,
                variant,
                Map.of(),
                1,
                List.of("pretrain"),
                "done",
                null,
                "log",
                Map.of("pretrain", 4L),
                Map.of("pretrain", 64L),
                Map.of("pretrain", seconds),
                Map.of("stsb/spearman", v),
                Map.of(),
                0,
                0);
    }
}
