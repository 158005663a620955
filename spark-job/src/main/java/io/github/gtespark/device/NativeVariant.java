package io.github.gtespark.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One build of ND4J's CPU native library (libnd4j in the {@code nd4j-native} jar of classifier
 * {@code <platform><extension>}, e.g. {@code linux-x86_64-onednn-avx512}) and the CPU feature flags it needs.
 * JavaCPP loads the build whose extension the system property {@code org.bytedeco.javacpp.platform.extension} names
 * ({@code -onednn-avx512}). Without that property JavaCPP tries every extension nd4j-native declares and takes the
 * first build it finds on the class path, which is the optimized one whenever its jar is there: the generic build is
 * named by the extension {@code -} (declared by nd4j-native; no jar has a {@code linux-x86_64-} directory, so JavaCPP
 * falls back to {@code linux-x86_64}).
 *
 * <p>The builds of nd4j-native 1.0.0-M2.1 for x86-64 ({@code libnd4j/buildnativeoperations.sh} and its CMake
 * flags): generic ({@code -march=x86-64}), {@code avx2} ({@code -mavx -mavx2 -mfma -mf16c}), {@code avx512}
 * ({@code -march=skylake-avx512}: AVX-512 F, CD, BW, DQ, VL), each also with oneDNN ({@code onednn},
 * {@code onednn-avx2}, {@code onednn-avx512}). The flag names are those of Linux {@code /proc/cpuinfo}.
 */
public record NativeVariant(String name, List<String> requiredCpuFlags) {

    /** The build for any x86-64 CPU, classifier {@code linux-x86_64}: no extension. */
    public static final NativeVariant GENERIC = new NativeVariant("generic", List.of());

    /** The build for AVX-512 CPUs with oneDNN, what {@code auto} picks where the CPU supports it. */
    public static final NativeVariant ONEDNN_AVX512;

    private static final List<String> AVX2_FLAGS = List.of("avx", "avx2", "fma", "f16c");
    private static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final List<NativeVariant> KNOWN;

    static {
        NativeVariant onednnAvx512 = new NativeVariant("onednn-avx512", AVX512_FLAGS);
        KNOWN = List.of(
                GENERIC,
                new NativeVariant("avx2", AVX2_FLAGS),
                new NativeVariant("avx512", AVX512_FLAGS),
                new NativeVariant("onednn", List.of()),
                new NativeVariant("onednn-avx2", AVX2_FLAGS),
                onednnAvx512);
        ONEDNN_AVX512 = onednnAvx512;
    }

    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String GENERIC_EXTENSION = "-";

    public NativeVariant {
        requiredCpuFlags = List.copyOf(requiredCpuFlags);
    }

    /** Every build this class knows, generic first. */
    public static List<NativeVariant> known() {
        return KNOWN;
    }

    /**
     * The build called {@code name} ({@code generic}, {@code avx2}, {@code avx512}, {@code onednn},
     * {@code onednn-avx2}, {@code onednn-avx512}; case-insensitive, a leading {@code -} as in JavaCPP's extension is
     * accepted).
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static NativeVariant named(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + name + "' is not an ND4J native build;" + " known: " + String.join(", ", knownNames())));
    }

    /** The build whose JavaCPP extension is {@code extension} ({@code -} is the generic one), if known. */
    public static Optional<NativeVariant> forExtension(String extension) {
        String e = extension == null ? "" : extension.trim();
        if (e.equals(GENERIC_EXTENSION)) {
            return Optional.of(GENERIC);
        }
        return e.startsWith("-") ? find(e.substring(1)).filter(v -> !v.isGeneric()) : Optional.empty();
    }

    private static Optional<NativeVariant> find(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("-")) {
            n = n.substring(1);
        }
        for (NativeVariant v : KNOWN) {
            if (v.name.equals(n)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The names of {@link #known()}. */
    public static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        for (NativeVariant v : KNOWN) {
            names.add(v.name);
        }
        return names;
    }

    public boolean isGeneric() {
        return name.equals("generic");
    }

    /** The value of {@code org.bytedeco.javacpp.platform.extension} that loads this build ({@code -} for generic). */
    public String javacppExtension() {
        return isGeneric() ? GENERIC_EXTENSION : "-" + name;
    }

    /** The nd4j-native classifier of this build on {@code platform} (JavaCPP's platform name, {@code linux-x86_64}). */
    public String classifier(String platform) {
        return isGeneric() ? platform : platform + "-" + name;
    }

    /**
     * The build a loaded library belongs to, from its path: the directory after {@code bindings/}, e.g.
     * {@code .../bindings/linux-x86_64-onednn-avx512/libjnind4jcpu.so} on {@code linux-x86_64}; empty if unknown.
     */
    public static Optional<NativeVariant> ofLibraryPath(String path, String platform) {
        if (path == null) {
            return Optional.empty();
        }
        String p = path.replace('\\', '/');
        int at = p.lastIndexOf("/bindings/");
        if (at < 0) {
            return Optional.empty();
        }
        String dir = p.substring(at + "/bindings/".length());
        dir = dir.contains("/") ? dir.substring(0, dir.indexOf('/')) : dir;
        if (dir.equals(platform)) {
            return Optional.of(GENERIC);
        }
        return dir.startsWith(platform + "-") ? find(dir.substring(platform.length() + 1)) : Optional.empty();
    }

    /**
     * The class-path resource of this build's JNI library on {@code platform}, present exactly when its jar is on the
     * class path: {@code org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libjnind4jcpu.so}.
     */
    public String libraryResource(String platform) {
        return BINDINGS + classifier(platform) + "/" + System.mapLibraryName("jnind4jcpu");
    }

    /** The flags of {@link #requiredCpuFlags()} the CPU does not report, in that order. */
    public List<String> missingFlags(CpuFeatureFlags cpu) {
        List<String> missing = new ArrayList<>();
        for (String f : requiredCpuFlags) {
            if (!cpu.has(f)) {
                missing.add(f);
            }
        }
        return missing;
    }

    @Override
    public String toString() {
        return name;
    }
}
