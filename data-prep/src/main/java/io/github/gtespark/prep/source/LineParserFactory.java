package io.github.gtespark.prep.source;

import java.io.Serializable;

/** Creates one {@link LineParser} per input file, on the executor that reads the file. */
@FunctionalInterface
public interface LineParserFactory<T> extends Serializable {
    LineParser<T> forFile(int fileIndex, String path);
}
