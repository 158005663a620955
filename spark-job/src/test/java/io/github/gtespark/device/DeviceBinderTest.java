package io.github.gtespark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceBinderTest {

    @Test
    void picksTheBinderByNd4jBackendClassName() {
        assertInstanceOf(CudaDeviceBinder.class, DeviceBinder.forBackend("org.nd4j.linalg.jcublas.JCublasBackend"));
        assertInstanceOf(CpuDeviceBinder.class, DeviceBinder.forBackend("org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
        // this build runs nd4j-native
        assertInstanceOf(CpuDeviceBinder.class, DeviceBinder.forCurrentBackend());
    }

    @Test
    void cudaOrdinalsAreSparkAddressesThatAreDeviceIndices() {
        assertEquals(0, CudaDeviceBinder.deviceOrdinal("0"));
        assertEquals(3, CudaDeviceBinder.deviceOrdinal(" 3 "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CudaDeviceBinder.deviceOrdinal("GPU-8f3a"));
        assertTrue(e.getMessage().contains("GPU-8f3a"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaDeviceBinder.deviceOrdinal("-1"));
        assertThrows(IllegalArgumentException.class, () -> CudaDeviceBinder.deviceOrdinal(null));
    }

    @Test
    void cudaBinderWithoutAnAssignedGpuDoesNothing() {
        // an empty assignment must not touch the (here absent) CUDA backend
        new CudaDeviceBinder().bind(List.of());
    }

    @Test
    void outsideASparkTaskNothingIsAssignedAndTheRecordSaysSo() {
        assertEquals(List.of(), TaskGpuAddresses.current());
        DeviceBinding b = TaskDeviceBinding.bindCurrentTask();
        assertEquals(-1, b.partitionId());
        assertEquals(List.of(), b.gpuAddresses());
        assertEquals("cpu", b.binder());
        assertTrue(b.describe().startsWith("bound task -1 to gpu none (cpu, executor "), b.describe());
    }
}
