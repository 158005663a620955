package io.github.gtespark.eval;

/** A query of a BEIR-layout retrieval set. */
public record BeirQuery(String id, String text) {}
