package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * One unit read from an input or corpus source: a cleaned (query, document) pair (a corpus source's query is
 * null: only its document is used), or the exclusion of a malformed line or an empty side.
 */
public record InputRecord(int source, String query, String doc, MiningExclusion excluded) implements Serializable {}
