package io.github.gtespark.device;

import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPU addresses Spark assigned to the running task ({@code TaskContext.get().resources().get("gpu")}, set when
 * the job runs with {@code spark.executor.resource.gpu.amount} and {@code spark.task.resource.gpu.amount}).
 */
public final class TaskGpuAddresses {

    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";

    private TaskGpuAddresses() {}

    /** The current task's GPU addresses; empty when called outside a task or when the task has no GPU. */
    public static List<String> current() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return List.of();
        }
        ResourceInformation gpu = task.resourcesJMap().get(GPU);
        return gpu == null ? List.of() : List.of(gpu.addresses());
    }
}
