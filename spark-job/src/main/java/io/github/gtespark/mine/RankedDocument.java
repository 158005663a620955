package io.github.gtespark.mine;

import java.io.Serializable;

/** A pool document at its place in a query's ranking (cosine descending, ties by text): its text and cosine. */
public record RankedDocument(String text, float score) implements Serializable {}
