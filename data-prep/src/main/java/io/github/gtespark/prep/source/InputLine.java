package io.github.gtespark.prep.source;

/** One line of one input file: its file index (in the sorted file list), 0-based line number and raw bytes. */
public record InputLine(int fileIndex, long lineNumber, byte[] bytes) {}
