package io.github.gtespark.prep.sample;

import java.io.Serializable;

/** What batching needs of a pair: its id and the hashes of its query and document. */
public record BatchItem(long id, long queryHash, long docHash) implements Serializable {}
