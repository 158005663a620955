package io.github.gtespark.train.metrics;

import io.github.gtespark.train.StageListener;
import io.github.gtespark.train.StageProgress;
import io.github.gtespark.train.spark.RoundResult;
import io.github.gtespark.train.spark.StepRecord;
import io.github.gtespark.train.spark.SyncTimings;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One driver log line per averaging round (stage, step/total, loss, learning rate, pairs/s, ETA) and the
 * matching {@code train} line in the metrics file (with {@code loss_function}: which loss, with which options), including round wall time and the compute part of it (the
 * rest is data loading, broadcast and averaging of parameters + optimizer state, itemised in the line's {@code sync}
 * object: {@link #syncFields}).
 *
 * <p>A stage with {@code train.scored-loss} trains scored batches with one loss and the others with another, on
 * different scales (CoSENT ~2-6, InfoNCE ~0.5-2), so the round's mean {@code loss} jumps with the mix of batches. Its
 * lines add each kind's mean: {@code loss_scored} and {@code loss_unscored} in the metrics file (a kind the round had
 * no batch of is left out), and {@code (scored x, other y)} in the log line.
 */
public final class ProgressListener implements StageListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.gtespark.train.progress");

    private final MetricsLog metrics;
    private final String lossFunction;
    private final boolean routedByScore;

    /**
     * @param lossFunction  the loss and its options ({@code ContrastiveLoss.label()}, e.g. {@code improved(qq,dq,dd)}),
     *                      written as {@code loss_function} in every {@code train} line
     * @param routedByScore the stage trains scored and unscored batches with different losses: report each kind's
     *                      mean loss as well
     */
    public ProgressListener(MetricsLog metrics, String lossFunction, boolean routedByScore) {
        this.metrics = metrics;
        this.lossFunction = lossFunction;
        this.routedByScore = routedByScore;
    }

    @Override
    public void onRoundEnd(StageProgress p) throws IOException {
        RoundResult r = p.lastRound();
        double wall = r.wallNanos() / 1e9;
        double pairsPerSecond = r.pairs() / wall;
        double eta = p.secondsPerStep() * (p.totalSteps() - p.step());
        double gradNorm = r.records().stream()
                .mapToDouble(StepRecord::gradientNorm)
                .average()
                .orElse(Double.NaN);
        OptionalDouble scored = routedByScore ? r.meanLoss(true) : OptionalDouble.empty();
        OptionalDouble unscored = routedByScore ? r.meanLoss(false) : OptionalDouble.empty();
        String line = String.format(
                "[%s] step %d/%d loss %.4f%s lr %.3e pairs/s %.1f round %.1fs eta %s",
                p.stage(),
                p.step(),
                p.totalSteps(),
                r.meanLoss(),
                routedByScore ? " (scored " + formatLoss(scored) + ", other " + formatLoss(unscored) + ")" : "",
                r.lastLearningRate(),
                pairsPerSecond,
                wall,
                format(eta));
        LOG.info(line);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "train");
        rec.put("stage", p.stage());
        rec.put("step", p.step());
        rec.put("total_steps", p.totalSteps());
        rec.put("loss", r.meanLoss());
        scored.ifPresent(v -> rec.put("loss_scored", v));
        unscored.ifPresent(v -> rec.put("loss_unscored", v));
        rec.put("loss_function", lossFunction);
        rec.put("learning_rate", r.lastLearningRate());
        rec.put("gradient_norm", gradNorm);
        rec.put("pairs", r.pairs());
        rec.put("pairs_per_second", pairsPerSecond);
        rec.put("round_seconds", wall);
        rec.put("data_seconds", r.dataNanos() / 1e9);
        rec.put("compute_seconds", r.computeNanos() / 1e9);
        rec.put("eta_seconds", eta);
        if (r.sync() != null) {
            rec.put("sync", syncFields(r.sync()));
        }
        rec.put("time", java.time.Instant.now().toString());
        metrics.append(rec);
    }

    /**
     * The round's synchronisation as the driver's INFO line gives it, in seconds: where the part of
     * {@code round_seconds} that is not {@code compute_seconds} went (broadcast, the slowest worker's broadcast read,
     * graph preparation and result building, the training job, the averaging), so that a cluster run's overhead can
     * be read from its metrics file after the logs are gone.
     */
    static Map<String, Object> syncFields(SyncTimings t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("broadcast_seconds", t.broadcastNanos() / 1e9);
        m.put("broadcast_bytes", t.broadcastBytes());
        m.put("broadcast_read_max_seconds", t.maxBroadcastReadNanos() / 1e9);
        m.put("worker_prepare_max_seconds", t.maxPrepareNanos() / 1e9);
        m.put("worker_graphs_reused", t.reusedGraphs());
        m.put("workers", t.workers().size());
        m.put("result_build_max_seconds", t.maxResultNanos() / 1e9);
        m.put("training_job_seconds", t.trainingJobNanos() / 1e9);
        m.put("averaging_seconds", t.averagingNanos() / 1e9);
        return m;
    }

    private static String formatLoss(OptionalDouble loss) {
        return loss.isPresent() ? String.format("%.4f", loss.getAsDouble()) : "-";
    }

    static String format(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
