package io.github.gtespark.mine;

import java.io.Serializable;

/** Place {@code position} (0-based) of a row's pool ranking, with its cosine and, once joined, the document text. */
public record RankedRef(long rowId, int position, float score, String text) implements Serializable {}
