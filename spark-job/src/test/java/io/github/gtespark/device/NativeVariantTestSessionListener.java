package io.github.gtespark.device;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses the test JVM's ND4J native build ({@link NativeVariantSelection}) when the JUnit launcher session opens,
 * before any test class is loaded, and prints the choice to stderr (the test JVM logs INFO nowhere). Surefire sets
 * {@code gte.nd4j.variant} from the Maven property of that name: {@code generic} unless the build is run with
 * {@code -Dgte.nd4j.variant=...}. Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class NativeVariantTestSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        System.err.println(
                "[tests] " + NativeVariantSelection.selectForThisJvm().describe());
    }
}
