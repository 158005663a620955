package io.github.gtespark.device;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds the calling thread (a Spark task's thread) to the accelerator devices Spark assigned to the task, so that
 * the ND4J arrays the task then allocates live on that device. Call it at the start of each task, before the task
 * touches ND4J. Implementations: {@link CudaDeviceBinder} (ND4J CUDA backend) and {@link CpuDeviceBinder} (no-op);
 * {@link #forCurrentBackend()} picks the one matching the ND4J backend on the classpath.
 */
public interface DeviceBinder {

    /**
     * Binds the current thread to the device named by {@code assignedGpuAddresses} (Spark resource addresses of the
     * resource {@code gpu}, e.g. {@code ["1"]}); an empty list means no GPU was assigned.
     *
     * @throws IllegalArgumentException when an address does not name a device this binder can use
     */
    void bind(List<String> assignedGpuAddresses);

    /** Short name for logs and binding records ({@code cuda}, {@code cpu}). */
    String name();

    /**
     * The binder for ND4J's active backend ({@code Nd4j.getBackend()}). On an executor this is often the task's first
     * use of ND4J, so it chooses the native build first ({@link NativeVariantSelection#selectForThisJvm()}): without
     * that, JavaCPP loads the AVX-512 build whenever its jar is on the class path, and a CPU without AVX-512 stops the
     * executor with SIGILL.
     */
    static DeviceBinder forCurrentBackend() {
        NativeVariantSelection.selectForThisJvm();
        return forBackend(Nd4j.getBackend().getClass().getName());
    }

    /**
     * The binder for an ND4J backend class name: the CUDA binder for the JCublas backend
     * ({@code org.nd4j.linalg.jcublas.JCublasBackend}), the no-op CPU binder for anything else (nd4j-native).
     */
    static DeviceBinder forBackend(String backendClassName) {
        if (backendClassName.contains("jcublas") || backendClassName.contains("JCublas")) {
            return new CudaDeviceBinder();
        }
        return new CpuDeviceBinder();
    }
}
