package io.github.gtespark.prep.source;

import java.io.Serializable;

/**
 * One {@code <row .../>} of a Stack Exchange {@code Posts.xml}: a question (type 1) or an answer (type 2),
 * with the position of its line ({@code lineId}, see {@link io.github.gtespark.prep.record.RecordId}).
 */
public record StackExchangePost(
        int fileIndex,
        long lineId,
        long postId,
        int postType,
        long parentId,
        long acceptedAnswerId,
        long score,
        String title,
        String body)
        implements Serializable {

    public static final int QUESTION = 1;
    public static final int ANSWER = 2;

    /** A key unique across the files of one source: file index and post id. */
    public long key() {
        return keyOf(fileIndex, postId);
    }

    public static long keyOf(int fileIndex, long postId) {
        return ((long) fileIndex << 44) ^ postId;
    }
}
