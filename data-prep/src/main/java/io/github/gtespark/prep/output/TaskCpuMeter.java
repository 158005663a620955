package io.github.gtespark.prep.output;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums the CPU time Spark tasks report ({@code executorCpuTime} + {@code executorDeserializeCpuTime}), so that each
 * step's cost can be given in CPU seconds: on a shared, noisy machine wall time mostly measures the neighbours,
 * CPU time measures the job.
 */
public final class TaskCpuMeter extends SparkListener {

    private final AtomicLong cpuNanos = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() != null) {
            cpuNanos.addAndGet(taskEnd.taskMetrics().executorCpuTime()
                    + taskEnd.taskMetrics().executorDeserializeCpuTime());
        }
    }

    /** CPU seconds of all tasks that ended so far. */
    public double cpuSeconds() {
        return cpuNanos.get() / 1e9;
    }
}
