package io.github.gtespark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeatureFlagsTest {

    private static final String TWO_PROCESSORS = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu sse2 avx avx2 fma f16c avx512f avx512dq avx512cd avx512bw avx512vl
            bugs\t\t: sysret_ss_attrs
            power management:

            processor\t: 1
            vendor_id\t: AuthenticAMD
            flags\t\t: fpu sse2 avx avx2 fma f16c avx512f avx512dq avx512cd avx512bw
            """;

    @Test
    void aFlagCountsOnlyWhenEveryProcessorReportsIt() {
        CpuFeatureFlags cpu = CpuFeatureFlags.parse(TWO_PROCESSORS).orElseThrow();
        assertEquals(
                Set.of("fpu", "sse2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512cd", "avx512bw"),
                cpu.flags());
        assertFalse(cpu.has("avx512vl"), "processor 1 lacks avx512vl");
        assertEquals(java.util.List.of("avx512vl"), NativeVariant.ONEDNN_AVX512.missingFlags(cpu));
    }

    @Test
    void noFlagsLineMeansUnknown() {
        assertEquals(Optional.empty(), CpuFeatureFlags.parse("processor\t: 0\nFeatures\t: fp asimd evtstrm aes\n"));
        assertEquals(Optional.empty(), CpuFeatureFlags.parse(""));
    }

    @Test
    void readsAFileAndTreatsAMissingOneAsUnknown(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cpuinfo");
        Files.writeString(file, TWO_PROCESSORS);
        assertTrue(CpuFeatureFlags.readFrom(file).orElseThrow().has("avx512bw"));
        assertEquals(Optional.empty(), CpuFeatureFlags.readFrom(dir.resolve("missing")));
    }

    @Test
    void thisMachineReportsItsFlagsWhereItHasAProcCpuinfo() {
        Optional<CpuFeatureFlags> cpu = CpuFeatureFlags.ofThisMachine();
        if (!Files.isReadable(CpuFeatureFlags.PROC_CPUINFO)) {
            assertEquals(Optional.empty(), cpu, "no /proc/cpuinfo: unknown");
        } else if (System.getProperty("os.arch").matches("amd64|x86_64")) {
            assertTrue(cpu.orElseThrow().has("sse2"), "every x86-64 CPU has sse2: " + cpu);
        }
    }
}
