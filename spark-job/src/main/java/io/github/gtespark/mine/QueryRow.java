package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * One query of an input with its distinct positives P (cleaned texts, in text order). {@code rowId} numbers the
 * rows 0..n-1 in (input, query text) order: query blocks are id ranges and the output follows this order.
 */
public record QueryRow(long rowId, int source, String query, String[] positives) implements Serializable {}
