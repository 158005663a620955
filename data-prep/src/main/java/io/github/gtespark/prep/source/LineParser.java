package io.github.gtespark.prep.source;

import java.util.List;

/** Turns the lines of one input file, in order, into records (stateful per file, e.g. a TSV header). */
public interface LineParser<T> {
    List<T> parse(InputLine line);

    /**
     * The record(s) that account for a file that cannot be read on from {@code lineNumber} (a damaged or truncated
     * compressed file, an I/O error): an exclusion with reason {@code unreadable_input} naming the file and the
     * error, so that a damaged file is counted, not a crash of the whole job and not a silent loss.
     */
    List<T> unreadable(int fileIndex, long lineNumber, String file, String error);
}
