package io.github.gtespark.device;

import java.util.List;

/**
 * The binder of the ND4J CPU backend (nd4j-native): there is no device to select, so binding does nothing whatever
 * Spark assigned (an executor started with GPU resources but a CPU build of the job still trains, on the CPU).
 */
public final class CpuDeviceBinder implements DeviceBinder {

    @Override
    public void bind(List<String> assignedGpuAddresses) {
        // nothing to bind on the CPU backend
    }

    @Override
    public String name() {
        return "cpu";
    }
}
