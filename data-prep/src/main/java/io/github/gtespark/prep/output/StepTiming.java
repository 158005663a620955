package io.github.gtespark.prep.output;

/**
 * Wall time and task CPU time of one job step and the pairs it processed (its input), for pairs/s figures.
 * CPU time is that of the Spark tasks that ended during the step (see {@link TaskCpuMeter}); driver-side work is not in it:
 * {@code driverCpuSeconds} is the CPU time of the driver thread that ran the step (planning, collects, driver-side
 * computations), {@code gcSeconds} the garbage-collection time of the driver JVM during the step (in local mode the
 * executor's too), {@code cachedMemoryBytes} / {@code cachedDiskBytes} what persisted RDDs occupy in executor
 * memory and on disk when the step ends (what the job holds on to for later steps).
 */
public record StepTiming(
        String step,
        long pairsIn,
        long pairsOut,
        double seconds,
        double cpuSeconds,
        double driverCpuSeconds,
        double gcSeconds,
        long cachedMemoryBytes,
        long cachedDiskBytes) {

    /** Pairs per CPU second of the step's tasks: the throughput of one fully available core. */
    public double pairsPerCpuSecond() {
        return cpuSeconds <= 0 ? 0 : pairsIn / cpuSeconds;
    }

    public double pairsPerSecond() {
        return seconds <= 0 ? 0 : pairsIn / seconds;
    }
}
