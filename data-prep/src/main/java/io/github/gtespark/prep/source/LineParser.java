package io.github.gtespark.prep.source;

import java.util.List;

/** Turns the lines of one input file, in order, into records (stateful per file, e.g. a TSV header). */
public interface LineParser<T> {
    List<T> parse(InputLine line);
}
