package io.github.gtespark.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The instruction-set feature flags the operating system reports for this machine's CPU, as Linux lists them in
 * {@code /proc/cpuinfo} ({@code avx2}, {@code avx512f}, ...). A flag counts only when every logical processor reports
 * it (the {@code flags} lines are intersected), so that a thread never lands on a core without it.
 */
public record CpuFeatureFlags(Set<String> flags) {

    /** Where Linux reports the CPU's flags. */
    public static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    public CpuFeatureFlags {
        flags = Set.copyOf(flags);
    }

    /** This machine's flags from {@link #PROC_CPUINFO}; empty when there is no such file (not Linux) or no flags line. */
    public static Optional<CpuFeatureFlags> ofThisMachine() {
        return readFrom(PROC_CPUINFO);
    }

    /** The flags in a {@code /proc/cpuinfo}-format file; empty when it cannot be read or has no {@code flags} line. */
    public static Optional<CpuFeatureFlags> readFrom(Path cpuinfo) {
        try {
            return parse(Files.readString(cpuinfo, StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The flags in the text of a {@code /proc/cpuinfo}: the words after {@code flags :} common to every processor's
     * line; empty when there is no {@code flags} line (e.g. ARM, which reports {@code Features}).
     */
    public static Optional<CpuFeatureFlags> parse(String cpuinfo) {
        Set<String> common = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) {
                continue;
            }
            Set<String> these =
                    new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            these.remove("");
            if (common == null) {
                common = these;
            } else {
                common.retainAll(these);
            }
        }
        return common == null ? Optional.empty() : Optional.of(new CpuFeatureFlags(common));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
