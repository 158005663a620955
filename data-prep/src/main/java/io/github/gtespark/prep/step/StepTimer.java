package io.github.gtespark.prep.step;

import io.github.gtespark.prep.output.StepTiming;
import io.github.gtespark.prep.output.TaskCpuMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/** Wall time and task CPU time of the job's steps, one after the other, each reported as a progress line. */
public final class StepTimer implements AutoCloseable {

    private final SparkSession spark;
    private final Consumer<String> progress;
    private final TaskCpuMeter cpu = new TaskCpuMeter();
    private final List<StepTiming> timings = new ArrayList<>();
    private double cpuAtStart;

    public StepTimer(SparkSession spark, Consumer<String> progress) {
        this.spark = spark;
        this.progress = progress;
        spark.sparkContext().addSparkListener(cpu);
    }

    /** Starts a step; returns its start time for {@link #stop}. */
    public long start() {
        cpuAtStart = cpu.cpuSeconds();
        return System.nanoTime();
    }

    /** Ends the step started at {@code t0}: {@code in} pairs entered it, {@code out} left it. */
    public StepTiming stop(String name, long in, long out, long t0) {
        double wall = (System.nanoTime() - t0) / 1e9;
        // task-end events arrive asynchronously on the listener bus (Spark-internal API, public in bytecode):
        // wait briefly until the last ones are delivered; on timeout the CPU figure is merely a little low
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(2000);
        } catch (TimeoutException e) {
            progress.accept("note: listener bus busy, task CPU of step " + name + " may be incomplete");
        }
        StepTiming t = new StepTiming(name, in, out, wall, cpu.cpuSeconds() - cpuAtStart);
        progress.accept(String.format(
                Locale.ROOT,
                "step %-13s %9d -> %9d pairs in %7.2f s (%,.0f pairs/s), task CPU %.2f s (%,.0f pairs per CPU-s)",
                name,
                in,
                out,
                t.seconds(),
                t.pairsPerSecond(),
                t.cpuSeconds(),
                t.pairsPerCpuSecond()));
        timings.add(t);
        return t;
    }

    public List<StepTiming> timings() {
        return List.copyOf(timings);
    }

    @Override
    public void close() {
        spark.sparkContext().removeSparkListener(cpu);
    }
}
