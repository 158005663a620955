package io.github.gtespark.device;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once per JVM and before ND4J's native library loads, which build of it the JVM runs ({@link NativeVariant}):
 * the shaded job jar carries the generic nd4j-native build and the AVX-512 + oneDNN one, and a Spark cluster may mix
 * CPUs with and without AVX-512.
 *
 * <p>The setting is the system property {@value #SETTING}:
 * <ul>
 *   <li>{@code auto} (default): {@code onednn-avx512} when (a) the user has not set JavaCPP's
 *       {@value #JAVACPP_EXTENSION} himself (then that stays), (b) the CPU reports avx512f, avx512cd, avx512bw,
 *       avx512dq and avx512vl ({@link CpuFeatureFlags}, Linux {@code /proc/cpuinfo}) and (c) that build's library is
 *       on the class path; the generic build otherwise;</li>
 *   <li>{@code generic}, or any build name ({@code onednn-avx512}, {@code avx2}, ...): that build; an error when its
 *       library is not on the class path, when the CPU lacks a flag it needs (it would stop the JVM with an illegal
 *       instruction) or when {@value #JAVACPP_EXTENSION} is set to another build; an unknown name is an error too.</li>
 * </ul>
 * The choice takes effect by setting {@value #JAVACPP_EXTENSION} ({@code -onednn-avx512}, {@code -} for the generic
 * build: without the property JavaCPP would load the first build it finds, the optimized one whenever its jar is on
 * the class path, whatever the CPU). JavaCPP reads its platform properties once, when its {@code Loader} initialises
 * (on ND4J's first use), so {@link #selectForThisJvm()} must run before that: first thing in {@code main}, and on
 * executors in a static initializer of the classes whose code touches ND4J first. Later calls return the first
 * result. If JavaCPP had been initialised already, it does not pretend: the property is restored, and the result
 * says {@link NativeVariantChoice#tooLate() too late} and which build the JVM runs. One line is logged per JVM, at
 * INFO (WARN when too late).
 */
public final class NativeVariantSelection {

    /** The setting: {@code auto}, {@code generic} or a build name. */
    public static final String SETTING = "gte.nd4j.variant";

    /** JavaCPP's system property naming the build's extension ({@code -onednn-avx512}). */
    public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    /** The default of {@link #SETTING}. */
    public static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(NativeVariantSelection.class);
    private static NativeVariantChoice selected;

    private NativeVariantSelection() {}

    /**
     * Chooses the build for this JVM from its system properties, CPU and class path, applies it and logs it; on later
     * calls returns the first result without doing anything.
     *
     * @throws IllegalArgumentException when {@value #SETTING} names no build or contradicts {@value #JAVACPP_EXTENSION}
     * @throws IllegalStateException    when the requested build cannot run here (library missing, CPU flag missing)
     */
    public static synchronized NativeVariantChoice selectForThisJvm() {
        if (selected == null) {
            NativeVariantChoice decided = decide(
                    System.getProperty(SETTING),
                    System.getProperty(JAVACPP_EXTENSION),
                    CpuFeatureFlags.ofThisMachine(),
                    Loader.Detector.getPlatform(),
                    resource -> NativeVariantSelection.class.getClassLoader().getResource(resource) != null);
            NativeVariantChoice applied = apply(decided);
            if (applied.tooLate()) {
                LOG.warn(applied.describe());
            } else {
                LOG.info(applied.describe());
            }
            selected = applied;
        }
        return selected;
    }

    /**
     * The decision (see the class comment), from the setting ({@code null} or blank: auto), the JavaCPP extension the
     * user set ({@code null} or blank: none), the CPU's flags (empty: unknown), JavaCPP's platform name
     * ({@code linux-x86_64}) and which class-path resources exist. Changes nothing.
     */
    public static NativeVariantChoice decide(
            String setting,
            String userExtension,
            Optional<CpuFeatureFlags> cpu,
            String platform,
            Predicate<String> resourceExists) {
        String requested =
                setting == null || setting.isBlank() ? AUTO : setting.trim().toLowerCase(Locale.ROOT);
        if (userExtension != null && userExtension.isBlank()) {
            userExtension = null; // JavaCPP treats an empty extension as none
        }
        if (requested.equals(AUTO)) {
            return userExtension != null
                    ? keepUserExtension(userExtension, cpu, platform, resourceExists)
                    : auto(cpu, platform, resourceExists);
        }
        NativeVariant variant;
        try {
            variant = NativeVariant.named(requested);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    SETTING + "=" + setting + " is not valid: use " + AUTO + " or one of "
                            + String.join(", ", NativeVariant.knownNames()),
                    e);
        }
        String because = SETTING + "=" + variant.name();
        if (userExtension != null && !userExtension.trim().equals(variant.javacppExtension())) {
            throw new IllegalArgumentException(because + " contradicts " + JAVACPP_EXTENSION + "=" + userExtension
                    + " set for this JVM: set only one of them");
        }
        String resource = variant.libraryResource(platform);
        if (!resourceExists.test(resource)) {
            throw new IllegalStateException(because + ", but nd4j-native's " + variant.classifier(platform)
                    + " build is not on the class path (no " + resource + "): the jar was built without it (the"
                    + " cuda profile or -Dnd4j.generic.only), or add org.nd4j:nd4j-native:<version>:"
                    + variant.classifier(platform));
        }
        if (variant.isGeneric()) {
            return choice(variant, because);
        }
        if (cpu.isEmpty()) {
            return choice(variant, because + "; the CPU's feature flags are unknown here, not checked");
        }
        List<String> missing = variant.missingFlags(cpu.get());
        if (!missing.isEmpty()) {
            throw new IllegalStateException(because + ", but this CPU lacks " + String.join(", ", missing)
                    + ": that build would stop the JVM with an illegal instruction (use " + AUTO + " or generic)");
        }
        return choice(
                variant,
                because
                        + (variant.requiredCpuFlags().isEmpty()
                                ? ""
                                : "; the CPU has " + String.join(" ", variant.requiredCpuFlags())));
    }

    private static NativeVariantChoice auto(
            Optional<CpuFeatureFlags> cpu, String platform, Predicate<String> resourceExists) {
        if (!resourceExists.test(NativeVariant.GENERIC.libraryResource(platform))) {
            return new NativeVariantChoice(
                    "none",
                    null,
                    "auto: nd4j-native is not on the class path (another ND4J"
                            + " backend, e.g. the cuda build), nothing to choose",
                    false);
        }
        NativeVariant optimized = NativeVariant.ONEDNN_AVX512;
        String flags = String.join(" ", optimized.requiredCpuFlags());
        if (cpu.isEmpty()) {
            return choice(
                    NativeVariant.GENERIC,
                    "auto: the CPU's feature flags are unknown (no " + CpuFeatureFlags.PROC_CPUINFO + "), "
                            + optimized.name() + " needs " + flags);
        }
        List<String> missing = optimized.missingFlags(cpu.get());
        if (!missing.isEmpty()) {
            return choice(
                    NativeVariant.GENERIC,
                    "auto: the CPU lacks " + String.join(", ", missing) + ", " + optimized.name() + " needs " + flags);
        }
        String resource = optimized.libraryResource(platform);
        if (!resourceExists.test(resource)) {
            return choice(
                    NativeVariant.GENERIC,
                    "auto: the CPU has " + flags + " but nd4j-native's " + optimized.classifier(platform)
                            + " build is not on the class path (no " + resource + ")");
        }
        return choice(
                optimized,
                "auto: the CPU has " + flags + " and nd4j-native's " + optimized.classifier(platform)
                        + " build is on the class path");
    }

    private static NativeVariantChoice keepUserExtension(
            String extension, Optional<CpuFeatureFlags> cpu, String platform, Predicate<String> resourceExists) {
        String e = extension.trim();
        String because = "auto keeps " + JAVACPP_EXTENSION + "=" + e + ", set by the user";
        Optional<NativeVariant> known = NativeVariant.forExtension(e);
        if (known.isEmpty()) {
            return new NativeVariantChoice(e.startsWith("-") ? e.substring(1) : e, e, because, false);
        }
        NativeVariant v = known.get();
        String resource = v.libraryResource(platform);
        if (!v.isGeneric() && !resourceExists.test(resource)) {
            because += "; note: " + resource + " is not on the class path, JavaCPP falls back to the generic build";
        }
        if (cpu.isPresent() && !v.missingFlags(cpu.get()).isEmpty()) {
            because += "; note: this CPU lacks " + String.join(", ", v.missingFlags(cpu.get()));
        }
        return new NativeVariantChoice(v.name(), e, because, false);
    }

    private static NativeVariantChoice choice(NativeVariant variant, String reason) {
        return new NativeVariantChoice(variant.name(), variant.javacppExtension(), reason, false);
    }

    /**
     * Makes JavaCPP load {@code decided}'s build by setting {@value #JAVACPP_EXTENSION} (nothing when its extension is
     * {@code null}: no nd4j-native on the class path), then asks JavaCPP which
     * extension it uses. If that is another one (JavaCPP had read its properties before), restores the property and
     * returns what the JVM really runs, marked too late unless that is the decided build anyway. Notes when ND4J's
     * library was loaded already.
     */
    static NativeVariantChoice apply(NativeVariantChoice decided) {
        String wanted = decided.javacppExtension();
        if (wanted == null) {
            return decided;
        }
        String previous = System.getProperty(JAVACPP_EXTENSION);
        System.setProperty(JAVACPP_EXTENSION, wanted);
        String effective = Objects.requireNonNullElse(Loader.loadProperties().getProperty("platform.extension"), "");
        String loaded = loadedNd4jLibrary();
        if (effective.equals(wanted)) {
            return loaded == null
                    ? decided
                    : decided.withNote("ND4J's native library was loaded already, from " + loaded);
        }
        if (previous == null) {
            System.clearProperty(JAVACPP_EXTENSION);
        } else {
            System.setProperty(JAVACPP_EXTENSION, previous);
        }
        String platform = Loader.Detector.getPlatform();
        String runs = NativeVariant.ofLibraryPath(loaded, platform)
                .map(NativeVariant::name)
                .or(() -> NativeVariant.forExtension(effective).map(NativeVariant::name))
                .orElse(effective.isEmpty() ? "the first build JavaCPP finds (no extension set)" : effective);
        if (runs.equals(decided.variant())) {
            return decided.withNote("JavaCPP had been initialised before this selection (extension '" + effective
                    + "') and loaded that build anyway" + (loaded == null ? "" : ", from " + loaded));
        }
        return new NativeVariantChoice(
                runs,
                effective,
                "wanted " + decided.variant() + " (" + decided.reason()
                        + "), but JavaCPP had read its platform properties before, with extension '" + effective + "'"
                        + (loaded == null ? "" : ", and ND4J's native library is loaded from " + loaded),
                true);
    }

    /** Where JavaCPP loaded ND4J's JNI library from in this JVM, or {@code null} when it has not. */
    static String loadedNd4jLibrary() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("jnind4j")) {
                return e.getValue();
            }
        }
        return null;
    }
}
