package io.github.gtespark.mine;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Driver-side progress: for every stage of a job with a description ({@code setJobDescription}: "embed pool",
 * "search", ...) a line at most every {@code intervalSeconds} and at the stage's end with tasks done / total, the
 * task rate and the ETA of the stage (remaining tasks at the rate so far).
 */
final class MiningProgress extends SparkListener {

    private record StageState(String phase, int tasks, long startNanos, int[] done, long[] lastPrint) {}

    private final Consumer<String> out;
    private final double intervalSeconds;
    private final Map<Integer, String> stagePhase = new ConcurrentHashMap<>();
    private final Map<Integer, StageState> stages = new ConcurrentHashMap<>();

    MiningProgress(Consumer<String> out, double intervalSeconds) {
        this.out = out;
        this.intervalSeconds = intervalSeconds;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String phase = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
        if (phase != null) {
            scala.collection.Iterator<Object> it = job.stageIds().iterator();
            while (it.hasNext()) {
                stagePhase.put((Integer) it.next(), phase);
            }
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        int id = submitted.stageInfo().stageId();
        String phase = stagePhase.get(id);
        if (phase != null) {
            long now = System.nanoTime();
            stages.put(id, new StageState(phase, submitted.stageInfo().numTasks(), now, new int[1], new long[] {now}));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        StageState s = stages.get(end.stageId());
        if (s == null) {
            return;
        }
        synchronized (s) {
            int done = ++s.done()[0];
            long now = System.nanoTime();
            boolean printedBefore = s.lastPrint()[0] != s.startNanos();
            if (done < s.tasks()
                    ? (now - s.lastPrint()[0]) / 1e9 < intervalSeconds
                    : !printedBefore && (now - s.startNanos()) / 1e9 < intervalSeconds) {
                return; // short stages finish silently
            }
            s.lastPrint()[0] = now;
            double elapsed = (now - s.startNanos()) / 1e9;
            double rate = done / Math.max(elapsed, 1e-9);
            double eta = (s.tasks() - done) / Math.max(rate, 1e-9);
            out.accept(String.format(
                    Locale.ROOT,
                    "%s: %d/%d tasks (%.0f%%) in %.0f s, ETA %.0f s",
                    s.phase(),
                    done,
                    s.tasks(),
                    100.0 * done / s.tasks(),
                    elapsed,
                    eta));
        }
    }
}
