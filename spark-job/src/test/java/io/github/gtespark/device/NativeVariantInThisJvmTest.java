package io.github.gtespark.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The selection in this test JVM, made by {@link NativeVariantTestSessionListener} before any test ran: ND4J really
 * runs the chosen build (whatever {@code -Dgte.nd4j.variant} the build was given), later calls change nothing, and a
 * selection after ND4J has loaded says it is too late instead of pretending.
 */
class NativeVariantInThisJvmTest {

    @Test
    void nd4jRunsTheBuildChosenBeforeItLoaded() {
        NativeVariantChoice choice = NativeVariantSelection.selectForThisJvm();
        assertFalse(choice.tooLate(), choice.describe());
        assertEquals(2.0, Nd4j.ones(2).sumNumber().doubleValue());
        String loaded = NativeVariantSelection.loadedNd4jLibrary();
        assertNotNull(loaded, "ND4J's JNI library is loaded through JavaCPP");
        assertEquals(
                choice.variant(),
                NativeVariant.ofLibraryPath(loaded, Loader.Detector.getPlatform())
                        .orElseThrow()
                        .name(),
                "loaded " + loaded + " after " + choice.describe());
        String requested = System.getProperty(NativeVariantSelection.SETTING, "auto");
        if (!requested.equals("auto")) {
            assertEquals(NativeVariant.named(requested).name(), choice.variant());
        }
        assertSame(choice, NativeVariantSelection.selectForThisJvm(), "a second call returns the first result");
    }

    @Test
    void aSelectionAfterNd4jLoadedIsTooLateAndChangesNothing() {
        NativeVariantChoice current = NativeVariantSelection.selectForThisJvm();
        Nd4j.zeros(1);
        String before = System.getProperty(NativeVariantSelection.JAVACPP_EXTENSION);
        NativeVariant other = current.variant().equals("generic") ? NativeVariant.ONEDNN_AVX512 : NativeVariant.GENERIC;
        NativeVariantChoice wanted = new NativeVariantChoice(other.name(), other.javacppExtension(), "test", false);

        NativeVariantChoice result = NativeVariantSelection.apply(wanted);

        assertTrue(result.tooLate(), result.describe());
        assertEquals(current.variant(), result.variant(), "the JVM keeps running the build it loaded");
        assertTrue(
                result.describe()
                        .startsWith("ND4J native build: too late to choose, this JVM runs " + current.variant()),
                result.describe());
        assertTrue(result.reason().contains("ND4J's native library is loaded from"), result.reason());
        assertEquals(before, System.getProperty(NativeVariantSelection.JAVACPP_EXTENSION), "the property is restored");
        assertSame(current, NativeVariantSelection.selectForThisJvm());
    }
}
