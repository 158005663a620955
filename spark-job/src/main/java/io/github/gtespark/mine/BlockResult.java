package io.github.gtespark.mine;

import java.io.Serializable;

/**
 * The hits of a query block against one or more document blocks: {@code hits[i]} belongs to query
 * {@code firstQueryId + i}, which wants its {@code depth[i]} best documents.
 */
public record BlockResult(long firstQueryId, int[] depth, QueryHits[] hits) implements Serializable {}
