package io.github.gtespark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NativeVariantTest {

    @Test
    void libraryResourcesAreWhereTheNd4jNativeJarsPutThem() {
        // both builds are test dependencies of spark-job (the nd4j-native-optimized profile)
        ClassLoader cl = NativeVariantTest.class.getClassLoader();
        assertEquals(
                "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libjnind4jcpu.so",
                NativeVariant.ONEDNN_AVX512.libraryResource("linux-x86_64"));
        assertNotNull(cl.getResource(NativeVariant.ONEDNN_AVX512.libraryResource("linux-x86_64")));
        assertNotNull(cl.getResource(NativeVariant.GENERIC.libraryResource("linux-x86_64")));
        assertEquals(
                null,
                cl.getResource(NativeVariant.named("avx2").libraryResource("linux-x86_64")),
                "the avx2 build is not packaged");
    }

    @Test
    void extensionsAndClassifiers() {
        assertEquals("-", NativeVariant.GENERIC.javacppExtension());
        assertEquals("linux-x86_64", NativeVariant.GENERIC.classifier("linux-x86_64"));
        assertEquals("linux-x86_64-onednn-avx512", NativeVariant.ONEDNN_AVX512.classifier("linux-x86_64"));
        assertEquals(Optional.of(NativeVariant.GENERIC), NativeVariant.forExtension("-"));
        assertEquals(Optional.of(NativeVariant.ONEDNN_AVX512), NativeVariant.forExtension("-onednn-avx512"));
        assertEquals(Optional.empty(), NativeVariant.forExtension(""), "no extension: JavaCPP tries every build");
        assertEquals(Optional.empty(), NativeVariant.forExtension("-generic"));
        assertEquals(Optional.empty(), NativeVariant.forExtension("-vednn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeVariant.named("sse9"));
        assertTrue(
                e.getMessage().contains("known: generic, avx2, avx512, onednn, onednn-avx2, onednn-avx512"),
                e.getMessage());
    }

    @Test
    void theBuildOfALoadedLibraryComesFromItsDirectory() {
        String cache = "/root/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64%s.jar/org/nd4j/linalg/cpu/nativecpu/"
                + "bindings/linux-x86_64%s/libjnind4jcpu.so";
        assertEquals(
                Optional.of(NativeVariant.ONEDNN_AVX512),
                NativeVariant.ofLibraryPath(String.format(cache, "-onednn-avx512", "-onednn-avx512"), "linux-x86_64"));
        assertEquals(
                Optional.of(NativeVariant.GENERIC),
                NativeVariant.ofLibraryPath(String.format(cache, "", ""), "linux-x86_64"));
        assertEquals(Optional.empty(), NativeVariant.ofLibraryPath("/usr/lib/libjnind4jcpu.so", "linux-x86_64"));
        assertEquals(Optional.empty(), NativeVariant.ofLibraryPath(null, "linux-x86_64"));
    }
}
