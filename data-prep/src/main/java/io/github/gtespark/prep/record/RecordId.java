package io.github.gtespark.prep.record;

/**
 * Packs the position of a pair in its input into a positive 64-bit id: source index (7 bits), file index in the
 * sorted file list (16 bits), line number (32 bits), pair number within the line (8 bits). Equal inputs give equal
 * ids on every run, which makes every "keep the smallest id" decision deterministic.
 */
public final class RecordId {

    public static final int MAX_SOURCES = 127;
    public static final int MAX_FILES = 1 << 16;
    public static final long MAX_LINES = 1L << 32;
    public static final int MAX_PAIRS_PER_LINE = 1 << 8;

    private RecordId() {}

    public static long of(int source, int file, long line, int pairInLine) {
        if (source < 0
                || source >= MAX_SOURCES
                || file < 0
                || file >= MAX_FILES
                || line < 0
                || line >= MAX_LINES
                || pairInLine < 0
                || pairInLine >= MAX_PAIRS_PER_LINE) {
            throw new IllegalArgumentException("record position out of range: source " + source + ", file " + file
                    + ", line " + line + ", pair " + pairInLine);
        }
        return ((long) source << 56) | ((long) file << 40) | (line << 8) | pairInLine;
    }

    public static int source(long id) {
        return (int) (id >>> 56);
    }

    public static int file(long id) {
        return (int) ((id >>> 40) & 0xFFFF);
    }

    public static long line(long id) {
        return (id >>> 8) & 0xFFFFFFFFL;
    }

    public static int pairInLine(long id) {
        return (int) (id & 0xFF);
    }
}
