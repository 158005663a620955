package io.github.gtespark.device;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the running Spark task to its assigned GPU with the binder of the active ND4J backend, logs
 * {@code bound task <partition> to gpu <address>} and returns the {@link DeviceBinding}. The training worker calls
 * {@link #bindCurrentTask()} first thing in each task (before the task creates or receives ND4J arrays).
 */
public final class TaskDeviceBinding {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDeviceBinding.class);
    private static volatile DeviceBinder binder;

    private TaskDeviceBinding() {}

    /** Binds the current task (see the class comment); outside a task it binds nothing and reports partition -1. */
    public static DeviceBinding bindCurrentTask() {
        return bindCurrentTask(backendBinder());
    }

    /** As {@link #bindCurrentTask()} with a given binder. */
    public static DeviceBinding bindCurrentTask(DeviceBinder with) {
        TaskContext task = TaskContext.get();
        java.util.List<String> addresses = TaskGpuAddresses.current();
        with.bind(addresses);
        SparkEnv env = SparkEnv.get();
        DeviceBinding b = new DeviceBinding(
                env == null ? "none" : env.executorId(),
                task == null ? -1 : task.stageId(),
                task == null ? -1 : task.partitionId(),
                task == null ? 0 : task.attemptNumber(),
                task == null ? -1 : task.taskAttemptId(),
                addresses,
                with.name());
        LOG.info(b.describe());
        return b;
    }

    private static DeviceBinder backendBinder() {
        DeviceBinder b = binder;
        if (b == null) {
            b = DeviceBinder.forCurrentBackend();
            binder = b;
        }
        return b;
    }
}
