package io.github.gtespark.train.evaluation;

import io.github.gtespark.train.ModelEvaluator;
import io.github.gtespark.train.StageListener;
import io.github.gtespark.train.StageProgress;
import io.github.gtespark.train.metrics.MetricsLog;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the driver's model with a {@link ModelEvaluator}: the start model as the stage's {@code baseline}
 * line (when asked; not repeated on resume), every {@code intervalSteps} steps and at the end (when asked); each
 * result is logged and appended to the metrics file as an {@code eval} line.
 */
public final class EvaluationListener implements StageListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.gtespark.train.evaluation");

    private final ModelEvaluator evaluator;
    private final MetricsLog metrics;
    private final long intervalSteps;
    private final boolean atStart;
    private final boolean atEnd;
    private final double maxShare;
    private long trainingNanos;
    private long evaluationNanos;
    private int skipped;
    private long lastEvaluatedStep = -1;
    private Map<String, Double> last = Map.of();
    private Map<String, Double> knownBaseline;
    private String knownBaselineOrigin;

    /**
     * @param intervalSteps evaluate every this many steps (0: never in between)
     * @param atStart       evaluate the start model (step 0 only: a resumed run has its baseline already)
     * @param atEnd         evaluate the trained model after the last step (unless that step was just evaluated)
     * @param maxShare      skip an in-between evaluation while evaluation so far has taken more than this share of the
     *                      stage's training wall time (0: no bound); the start and the end are always evaluated
     */
    public EvaluationListener(
            ModelEvaluator evaluator,
            MetricsLog metrics,
            long intervalSteps,
            boolean atStart,
            boolean atEnd,
            double maxShare) {
        this.evaluator = evaluator;
        this.metrics = metrics;
        this.intervalSteps = intervalSteps;
        this.atStart = atStart;
        this.atEnd = atEnd;
        this.maxShare = maxShare;
    }

    @Override
    public void onStageStart(StageProgress p) throws IOException {
        if (atStart && p.step() == 0) {
            evaluate(p, true);
        }
    }

    @Override
    public void onRoundEnd(StageProgress p) throws IOException {
        if (p.lastRound() != null) {
            trainingNanos += p.lastRound().wallNanos();
        }
        if (p.crossed(intervalSteps) && p.step() < p.totalSteps()) {
            if (maxShare > 0 && evaluationNanos > maxShare * trainingNanos) {
                skipped++;
                LOG.info(
                        "[{}] evaluation at step {} skipped: evaluation has taken {} s against {} s of training "
                                + "(eval.max-share = {})",
                        p.stage(),
                        p.step(),
                        String.format("%.1f", evaluationNanos / 1e9),
                        String.format("%.1f", trainingNanos / 1e9),
                        maxShare);
                return;
            }
            evaluate(p, false);
        }
    }

    @Override
    public void onStageEnd(StageProgress p) throws IOException {
        if (atEnd && lastEvaluatedStep != p.step()) {
            evaluate(p, false);
        }
        double share =
                evaluationNanos + trainingNanos == 0 ? 0 : (double) evaluationNanos / (evaluationNanos + trainingNanos);
        LOG.info(
                "[{}] evaluation took {} s of the stage's {} s of training and evaluation ({}%); {} in-between "
                        + "evaluation(s) skipped for eval.max-share",
                p.stage(),
                String.format("%.1f", evaluationNanos / 1e9),
                String.format("%.1f", (evaluationNanos + trainingNanos) / 1e9),
                String.format("%.1f", 100 * share),
                skipped);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "eval_cost");
        rec.put("stage", p.stage());
        rec.put("evaluation_seconds", evaluationNanos / 1e9);
        rec.put("training_seconds", trainingNanos / 1e9);
        rec.put("share", share);
        rec.put("skipped", skipped);
        metrics.append(rec);
    }

    /** Evaluations skipped so far to keep within {@code maxShare}. */
    public int skipped() {
        return skipped;
    }

    /**
     * Figures of the start model already measured with this evaluator's settings (the previous stage's evaluation of
     * the checkpoint this stage starts from): the baseline line repeats them, marked {@code reused_from}, instead of
     * evaluating again.
     */
    public void useKnownBaseline(Map<String, Double> figures, String origin) {
        this.knownBaseline = Map.copyOf(figures);
        this.knownBaselineOrigin = origin;
    }

    /** The most recent figures. */
    public Map<String, Double> last() {
        return last;
    }

    private void evaluate(StageProgress p, boolean baseline) throws IOException {
        boolean reused = baseline && knownBaseline != null;
        long start = System.nanoTime();
        Map<String, Double> result = reused ? knownBaseline : evaluator.evaluate(p.graph());
        long took = reused ? 0 : System.nanoTime() - start;
        evaluationNanos += took;
        double seconds = took / 1e9;
        last = result;
        lastEvaluatedStep = p.step();
        if (reused) {
            LOG.info(
                    "[{}] baseline evaluation at step {}: {} (the evaluation of {} with the same settings)",
                    p.stage(),
                    p.step(),
                    result,
                    knownBaselineOrigin);
        } else {
            LOG.info(
                    "[{}] {} at step {}: {} ({} s)",
                    p.stage(),
                    baseline ? "baseline evaluation" : "evaluation",
                    p.step(),
                    result,
                    String.format("%.1f", seconds));
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "eval");
        rec.put("stage", p.stage());
        rec.put("step", p.step());
        rec.put("baseline", baseline);
        rec.put("metrics", new LinkedHashMap<>(result));
        rec.put("seconds", seconds);
        if (!evaluator.settings().isEmpty()) {
            rec.put("settings", evaluator.settings());
        }
        if (reused) {
            rec.put("reused_from", knownBaselineOrigin);
        }
        metrics.append(rec);
    }
}
