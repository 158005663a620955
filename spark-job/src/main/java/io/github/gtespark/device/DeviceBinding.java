package io.github.gtespark.device;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link TaskDeviceBinding#bindCurrentTask()} did for one task: where the task ran (executor, stage, partition,
 * attempt), the GPU addresses Spark assigned to it and the binder that bound them.
 */
public record DeviceBinding(
        String executorId,
        int stageId,
        int partitionId,
        int attemptNumber,
        long taskAttemptId,
        List<String> gpuAddresses,
        String binder)
        implements Serializable {

    public DeviceBinding {
        gpuAddresses = List.copyOf(gpuAddresses);
    }

    /** The log line: {@code bound task <partition> to gpu <addresses> (<binder>, executor <id>, stage <s>)}. */
    public String describe() {
        return "bound task " + partitionId + " to gpu "
                + (gpuAddresses.isEmpty() ? "none" : String.join(",", gpuAddresses)) + " (" + binder + ", executor "
                + executorId + ", stage " + stageId + ", attempt " + attemptNumber + ")";
    }
}
