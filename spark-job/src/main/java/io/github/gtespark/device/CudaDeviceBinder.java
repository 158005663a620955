package io.github.gtespark.device;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binder of the ND4J CUDA backend (nd4j-cuda-11.6): pins the calling thread to the CUDA device whose ordinal is
 * the Spark GPU address ({@code Nd4j.getAffinityManager().unsafeSetDevice(ordinal)}), so that the task's arrays and
 * kernels use the GPU Spark scheduled for it and two tasks on one host never share a device by accident.
 * <p>
 * Spark's GPU addresses are what the discovery script reports ({@code nvidia-smi} indices from
 * {@code scripts/gpu/discover-gpus}); they equal CUDA ordinals when {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} is set for
 * the executors and {@code CUDA_VISIBLE_DEVICES} is not (see docs/cluster.md). A task with several GPUs is bound to
 * the first one (the training worker uses one device per task).
 */
public final class CudaDeviceBinder implements DeviceBinder {

    @Override
    public void bind(List<String> assignedGpuAddresses) {
        if (assignedGpuAddresses.isEmpty()) {
            return;
        }
        int ordinal = deviceOrdinal(assignedGpuAddresses.get(0));
        int devices = Nd4j.getAffinityManager().getNumberOfDevices();
        if (ordinal >= devices) {
            throw new IllegalArgumentException(
                    "Spark assigned GPU address " + assignedGpuAddresses.get(0) + " but ND4J sees only " + devices
                            + " CUDA device(s) (is CUDA_VISIBLE_DEVICES set on the executor?)");
        }
        Nd4j.getAffinityManager().unsafeSetDevice(ordinal);
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The CUDA device ordinal a Spark GPU address names: a non-negative decimal integer. */
    public static int deviceOrdinal(String address) {
        String a = address == null ? "" : address.trim();
        if (!a.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("GPU address '" + address + "' is not a CUDA device ordinal (0, 1, ...);"
                    + " the discovery script must report device indices");
        }
        return Integer.parseInt(a);
    }
}
