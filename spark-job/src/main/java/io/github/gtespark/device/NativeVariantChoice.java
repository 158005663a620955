package io.github.gtespark.device;

import java.io.Serializable;

/**
 * Which build of ND4J's CPU native library a JVM runs ({@link NativeVariant#name()}, or the bare extension of a
 * build set by the user that {@link NativeVariant} does not know, or {@code none} without nd4j-native), the JavaCPP
 * extension that loads it ({@code null}: none set), and why: the result of {@link NativeVariantSelection}. {@code tooLate} means the selection came after JavaCPP had read its
 * platform properties, so the JVM runs {@code variant}, which is not what the selection would have chosen.
 */
public record NativeVariantChoice(String variant, String javacppExtension, String reason, boolean tooLate)
        implements Serializable {

    /** The same choice with {@code note} appended to the reason. */
    public NativeVariantChoice withNote(String note) {
        return new NativeVariantChoice(variant, javacppExtension, reason + "; " + note, tooLate);
    }

    /**
     * The log line: {@code ND4J native build onednn-avx512 (auto: ...)}, or
     * {@code ND4J native build: too late to choose, this JVM runs generic (...)}.
     */
    public String describe() {
        return tooLate
                ? "ND4J native build: too late to choose, this JVM runs " + variant + " (" + reason + ")"
                : "ND4J native build " + variant + " (" + reason + ")";
    }
}
