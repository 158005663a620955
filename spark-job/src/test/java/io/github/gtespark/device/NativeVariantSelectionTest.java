package io.github.gtespark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The decision of {@link NativeVariantSelection#decide} (nothing is set and ND4J is not touched). */
class NativeVariantSelectionTest {

    private static final String PLATFORM = "linux-x86_64";
    /** An AVX-512 server (flags as this project's EPYC test machine reports them, abridged). */
    private static final Optional<CpuFeatureFlags> AVX512_CPU = Optional.of(new CpuFeatureFlags(Set.of(
            "sse2",
            "avx",
            "avx2",
            "fma",
            "f16c",
            "avx512f",
            "avx512dq",
            "avx512ifma",
            "avx512cd",
            "avx512bw",
            "avx512vl")));
    /** An AVX2-only CPU (e.g. Zen 3, Haswell). */
    private static final Optional<CpuFeatureFlags> AVX2_CPU =
            Optional.of(new CpuFeatureFlags(Set.of("sse2", "avx", "avx2", "fma", "f16c")));
    /** Xeon Phi (Knights Landing): AVX-512 F and CD only. */
    private static final Optional<CpuFeatureFlags> KNL_CPU = Optional.of(
            new CpuFeatureFlags(Set.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512er", "avx512pf")));

    private static final String OPTIMIZED_RESOURCE =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libjnind4jcpu.so";
    private static final Predicate<String> ALL_ON_CLASS_PATH = r -> true;
    private static final Predicate<String> GENERIC_ONLY = r -> !r.contains("linux-x86_64-");

    @Test
    void autoPicksOnednnAvx512OnAnAvx512CpuWithTheJarPresent() {
        NativeVariantChoice c = NativeVariantSelection.decide(null, null, AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("onednn-avx512", c.variant());
        assertEquals("-onednn-avx512", c.javacppExtension());
        assertFalse(c.tooLate());
        assertTrue(c.reason().startsWith("auto: the CPU has avx512f avx512cd avx512bw avx512dq avx512vl"), c.reason());
        assertEquals(c, NativeVariantSelection.decide("auto", null, AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH));
        assertEquals(
                c,
                NativeVariantSelection.decide("  AUTO ", "", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH),
                "case, blanks and an empty JavaCPP extension (JavaCPP ignores it) change nothing");
    }

    @Test
    void autoFallsBackToGenericWhenTheCpuLacksAFlag() {
        NativeVariantChoice avx2 = NativeVariantSelection.decide(null, null, AVX2_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("generic", avx2.variant());
        assertEquals(
                "-", avx2.javacppExtension(), "the generic build must be named: JavaCPP would pick the optimized one");
        assertTrue(avx2.reason().contains("lacks avx512f, avx512cd, avx512bw, avx512dq, avx512vl"), avx2.reason());

        NativeVariantChoice knl = NativeVariantSelection.decide(null, null, KNL_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("generic", knl.variant());
        assertTrue(knl.reason().contains("lacks avx512bw, avx512dq, avx512vl"), knl.reason());
    }

    @Test
    void autoFallsBackToGenericWhenTheFlagsAreUnknown() {
        NativeVariantChoice c =
                NativeVariantSelection.decide(null, null, Optional.empty(), PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("generic", c.variant());
        assertTrue(c.reason().contains("unknown"), c.reason());
    }

    @Test
    void autoFallsBackToGenericWhenTheOptimizedJarIsMissing() {
        NativeVariantChoice c = NativeVariantSelection.decide(null, null, AVX512_CPU, PLATFORM, GENERIC_ONLY);
        assertEquals("generic", c.variant());
        assertEquals("-", c.javacppExtension());
        assertTrue(c.reason().contains("not on the class path (no " + OPTIMIZED_RESOURCE + ")"), c.reason());
    }

    @Test
    void autoLeavesJavaCppAloneWithoutNd4jNative() {
        NativeVariantChoice c = NativeVariantSelection.decide(null, null, AVX512_CPU, PLATFORM, r -> false);
        assertEquals("none", c.variant());
        assertEquals(null, c.javacppExtension(), "the cuda build: no extension is set");
        assertTrue(c.reason().contains("nd4j-native is not on the class path"), c.reason());
        IllegalStateException generic = assertThrows(
                IllegalStateException.class,
                () -> NativeVariantSelection.decide("generic", null, AVX512_CPU, PLATFORM, r -> false));
        assertTrue(generic.getMessage().contains("linux-x86_64 build is not on the class path"), generic.getMessage());
    }

    @Test
    void autoKeepsAnExtensionTheUserSet() {
        NativeVariantChoice c =
                NativeVariantSelection.decide("auto", "-onednn-avx2", AVX512_CPU, PLATFORM, GENERIC_ONLY);
        assertEquals("onednn-avx2", c.variant());
        assertEquals("-onednn-avx2", c.javacppExtension());
        assertTrue(c.reason().contains("set by the user"), c.reason());
        assertTrue(c.reason().contains("not on the class path"), c.reason());

        NativeVariantChoice onAvx2 =
                NativeVariantSelection.decide(null, "-onednn-avx512", AVX2_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("onednn-avx512", onAvx2.variant(), "the user's setting stays even where it looks wrong");
        assertTrue(onAvx2.reason().contains("lacks avx512f"), onAvx2.reason());

        NativeVariantChoice plain = NativeVariantSelection.decide(null, "-", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("generic", plain.variant());

        NativeVariantChoice other =
                NativeVariantSelection.decide(null, "-vednn", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("vednn", other.variant());
        assertEquals("-vednn", other.javacppExtension());
    }

    @Test
    void explicitGenericIsGenericEverywhere() {
        for (Optional<CpuFeatureFlags> cpu :
                java.util.List.of(AVX512_CPU, AVX2_CPU, Optional.<CpuFeatureFlags>empty())) {
            NativeVariantChoice c = NativeVariantSelection.decide("generic", null, cpu, PLATFORM, ALL_ON_CLASS_PATH);
            assertEquals("generic", c.variant());
            assertEquals("-", c.javacppExtension());
            assertEquals("gte.nd4j.variant=generic", c.reason());
        }
        assertEquals(
                "generic",
                NativeVariantSelection.decide("generic", "-", AVX512_CPU, PLATFORM, GENERIC_ONLY)
                        .variant());
    }

    @Test
    void explicitBuildIsTakenWhenItCanRun() {
        NativeVariantChoice c =
                NativeVariantSelection.decide("onednn-avx512", null, AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("onednn-avx512", c.variant());
        assertEquals("-onednn-avx512", c.javacppExtension());
        assertEquals(
                "gte.nd4j.variant=onednn-avx512; the CPU has avx512f avx512cd avx512bw avx512dq avx512vl", c.reason());

        assertEquals(
                "-avx2",
                NativeVariantSelection.decide("-AVX2", null, AVX2_CPU, PLATFORM, ALL_ON_CLASS_PATH)
                        .javacppExtension(),
                "case and a leading dash do not matter");
        assertEquals(
                "onednn",
                NativeVariantSelection.decide("onednn", null, Optional.empty(), PLATFORM, ALL_ON_CLASS_PATH)
                        .variant(),
                "oneDNN on the generic instruction set needs no flag");

        NativeVariantChoice unknownCpu =
                NativeVariantSelection.decide("onednn-avx512", null, Optional.empty(), PLATFORM, ALL_ON_CLASS_PATH);
        assertEquals("onednn-avx512", unknownCpu.variant());
        assertTrue(unknownCpu.reason().contains("not checked"), unknownCpu.reason());

        assertEquals(
                "onednn-avx512",
                NativeVariantSelection.decide(
                                "onednn-avx512", "-onednn-avx512", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH)
                        .variant(),
                "the same build set both ways is no contradiction");
    }

    @Test
    void explicitBuildThatCannotRunIsAClearError() {
        IllegalStateException missingJar = assertThrows(
                IllegalStateException.class,
                () -> NativeVariantSelection.decide("onednn-avx512", null, AVX512_CPU, PLATFORM, GENERIC_ONLY));
        assertTrue(
                missingJar.getMessage().contains("linux-x86_64-onednn-avx512 build is not on the class path"),
                missingJar.getMessage());
        assertTrue(missingJar.getMessage().contains(OPTIMIZED_RESOURCE), missingJar.getMessage());

        IllegalStateException missingFlags = assertThrows(
                IllegalStateException.class,
                () -> NativeVariantSelection.decide("avx512", null, KNL_CPU, PLATFORM, ALL_ON_CLASS_PATH));
        assertTrue(missingFlags.getMessage().contains("lacks avx512bw, avx512dq, avx512vl"), missingFlags.getMessage());
        assertTrue(missingFlags.getMessage().contains("illegal instruction"), missingFlags.getMessage());

        IllegalStateException noAvx2 = assertThrows(
                IllegalStateException.class,
                () -> NativeVariantSelection.decide(
                        "onednn-avx2",
                        null,
                        Optional.of(new CpuFeatureFlags(Set.of("sse2", "avx"))),
                        PLATFORM,
                        ALL_ON_CLASS_PATH));
        assertTrue(noAvx2.getMessage().contains("lacks avx2, fma, f16c"), noAvx2.getMessage());
    }

    @Test
    void unknownBuildOrContradictionIsAClearError() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> NativeVariantSelection.decide("avx1024", null, AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH));
        assertEquals(
                "gte.nd4j.variant=avx1024 is not valid: use auto or one of generic, avx2, avx512, onednn, "
                        + "onednn-avx2, onednn-avx512",
                unknown.getMessage());

        IllegalArgumentException contradiction = assertThrows(
                IllegalArgumentException.class,
                () -> NativeVariantSelection.decide(
                        "generic", "-onednn-avx512", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH));
        assertTrue(
                contradiction
                        .getMessage()
                        .contains("contradicts org.bytedeco.javacpp.platform.extension=-onednn-avx512"),
                contradiction.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> NativeVariantSelection.decide(
                        "onednn-avx512", "-avx512", AVX512_CPU, PLATFORM, ALL_ON_CLASS_PATH));
    }
}
