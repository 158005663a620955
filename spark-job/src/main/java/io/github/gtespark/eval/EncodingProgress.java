package io.github.gtespark.eval;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports how far a long encoding run has got: texts done of total, texts per second and the estimated time
 * left, one line at a time on a {@link PrintStream} (stderr in the command line tool), at most once every
 * {@code intervalMillis} plus once when a run completes. {@link #silent()} reports nothing.
 */
public final class EncodingProgress {

    private final PrintStream out;
    private final long intervalMillis;
    private final LongSupplier clockMillis;

    private String label;
    private int total;
    private long startMillis;
    private long lastReportMillis;

    public EncodingProgress(PrintStream out, long intervalMillis, LongSupplier clockMillis) {
        this.out = out;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
    }

    /** Progress on {@code out} at most every 5 seconds, by the system clock. */
    public static EncodingProgress to(PrintStream out) {
        return new EncodingProgress(out, 5000, System::currentTimeMillis);
    }

    /** Reports nothing. */
    public static EncodingProgress silent() {
        return new EncodingProgress(null, Long.MAX_VALUE, System::currentTimeMillis);
    }

    /** Starts a run of {@code total} texts described by {@code label} (e.g. "documents"). */
    public void start(String label, int total) {
        this.label = label;
        this.total = total;
        this.startMillis = clockMillis.getAsLong();
        this.lastReportMillis = startMillis;
    }

    /** Records that {@code done} of the run's texts are encoded; prints a line when due or when complete. */
    public void advance(int done) {
        if (out == null) {
            return;
        }
        long now = clockMillis.getAsLong();
        boolean complete = done >= total;
        if (!complete && now - lastReportMillis < intervalMillis) {
            return;
        }
        lastReportMillis = now;
        out.println(line(done, now - startMillis));
    }

    /** The progress line for {@code done} texts after {@code elapsedMillis}. */
    String line(int done, long elapsedMillis) {
        double seconds = Math.max(elapsedMillis, 1) / 1000.0;
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "encoding %s: %d/%d (%.0f%%), %.1f texts/s",
                label,
                done,
                total,
                total == 0 ? 100.0 : 100.0 * done / total,
                rate));
        if (done >= total) {
            line.append(String.format(Locale.ROOT, ", done in %s", duration(seconds)));
        } else if (rate > 0) {
            line.append(", ETA ").append(duration((total - done) / rate));
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
