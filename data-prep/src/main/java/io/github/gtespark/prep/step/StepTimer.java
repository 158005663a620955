package io.github.gtespark.prep.step;

import io.github.gtespark.prep.output.StepTiming;
import io.github.gtespark.prep.output.TaskCpuMeter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;

/**
 * Wall time, task CPU time, driver-thread CPU time and GC time of the job's steps, one after the other, each reported
 * as a progress line. {@link #start} and {@link #stop} must be called from the thread that runs the steps.
 */
public final class StepTimer implements AutoCloseable {

    private final SparkSession spark;
    private final Consumer<String> progress;
    private final TaskCpuMeter cpu = new TaskCpuMeter();
    private final List<StepTiming> timings = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private double cpuAtStart;
    private long driverCpuAtStart;
    private long gcMillisAtStart;

    public StepTimer(SparkSession spark, Consumer<String> progress) {
        this.spark = spark;
        this.progress = progress;
        spark.sparkContext().addSparkListener(cpu);
    }

    /** Starts a step; returns its start time for {@link #stop}. */
    public long start() {
        cpuAtStart = cpu.cpuSeconds();
        driverCpuAtStart = driverCpuNanos();
        gcMillisAtStart = gcMillis();
        return System.nanoTime();
    }

    /** Ends the step started at {@code t0}: {@code in} pairs entered it, {@code out} left it. */
    public StepTiming stop(String name, long in, long out, long t0) {
        double wall = (System.nanoTime() - t0) / 1e9;
        double driverCpu = (driverCpuNanos() - driverCpuAtStart) / 1e9;
        double gc = (gcMillis() - gcMillisAtStart) / 1e3;
        // task-end events arrive asynchronously on the listener bus (Spark-internal API, public in bytecode):
        // wait briefly until the last ones are delivered; on timeout the CPU figure is merely a little low
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(2000);
        } catch (TimeoutException e) {
            progress.accept("note: listener bus busy, task CPU of step " + name + " may be incomplete");
        }
        long cachedMemory = 0;
        long cachedDisk = 0;
        for (RDDInfo rdd : spark.sparkContext().getRDDStorageInfo()) {
            cachedMemory += rdd.memSize();
            cachedDisk += rdd.diskSize();
        }
        StepTiming t = new StepTiming(
                name, in, out, wall, cpu.cpuSeconds() - cpuAtStart, driverCpu, gc, cachedMemory, cachedDisk);
        progress.accept(String.format(
                Locale.ROOT,
                "step %-13s %9d -> %9d pairs in %7.2f s (%,.0f pairs/s), task CPU %.2f s (%,.0f pairs per CPU-s),"
                        + " driver CPU %.2f s, GC %.2f s, cached %.0f MB in memory, %.0f MB on disk",
                name,
                in,
                out,
                t.seconds(),
                t.pairsPerSecond(),
                t.cpuSeconds(),
                t.pairsPerCpuSecond(),
                t.driverCpuSeconds(),
                t.gcSeconds(),
                t.cachedMemoryBytes() / 1e6,
                t.cachedDiskBytes() / 1e6));
        timings.add(t);
        return t;
    }

    private long driverCpuNanos() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    public List<StepTiming> timings() {
        return List.copyOf(timings);
    }

    @Override
    public void close() {
        spark.sparkContext().removeSparkListener(cpu);
    }
}
