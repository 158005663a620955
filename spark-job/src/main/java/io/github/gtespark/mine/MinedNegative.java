package io.github.gtespark.mine;

import java.io.Serializable;

/** A selected hard negative: its text, its cosine with the query and its 1-based rank among the candidates. */
public record MinedNegative(String text, float score, int rank) implements Serializable {}
