package io.github.gtespark.prep.sample;

import io.github.gtespark.prep.dedup.TextHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws {@code allocated} pairs from one source and cuts them into batches of {@code batchSize} with no text twice
 * in a batch.
 *
 * <p>Drawing: the source's pairs are put into a seeded random order (sort by a hash of seed, epoch and id) and taken
 * in that order; when more pairs are allocated than the source has, the source is cycled: every further pass
 * (epoch) uses a fresh permutation. Batching: each drawn pair goes into the oldest open batch that contains neither
 * its query nor its document text (by normalized-text hash); a full batch is closed. When all
 * {@code maxOpenBatches} open batches conflict, the pair is dropped ({@code droppedConflict}). Batches still open at
 * the end are partial and dropped ({@code droppedPartial}). Deterministic for a given seed and input.
 */
public final class DuplicateFreeBatcher {

    private DuplicateFreeBatcher() {}

    public static SourceBatches cut(
            int sourceIndex, List<BatchItem> items, long allocated, int batchSize, int maxOpenBatches, long seed) {
        List<long[]> closed = new ArrayList<>();
        List<OpenBatch> open = new ArrayList<>();
        long conflicts = 0;
        long drawn = 0;
        int epoch = 0;
        BatchItem[] order = items.toArray(new BatchItem[0]);
        while (drawn < allocated && order.length > 0) {
            long epochSeed = TextHash.mix(seed * 0x9E3779B97F4A7C15L + epoch + 1);
            long[] keys = new long[order.length];
            Integer[] idx = new Integer[order.length];
            Arrays.sort(order, Comparator.comparingLong(BatchItem::id));
            for (int i = 0; i < order.length; i++) {
                keys[i] = TextHash.mix(order[i].id() ^ epochSeed);
                idx[i] = i;
            }
            Arrays.sort(
                    idx,
                    (x, y) -> keys[x] != keys[y]
                            ? Long.compare(keys[x], keys[y])
                            : Long.compare(order[x].id(), order[y].id()));
            for (int k = 0; k < idx.length && drawn < allocated; k++, drawn++) {
                BatchItem item = order[idx[k]];
                OpenBatch target = null;
                for (OpenBatch b : open) {
                    if (!b.texts.contains(item.queryHash()) && !b.texts.contains(item.docHash())) {
                        target = b;
                        break;
                    }
                }
                if (target == null) {
                    if (open.size() >= maxOpenBatches) {
                        conflicts++;
                        continue;
                    }
                    target = new OpenBatch(batchSize);
                    open.add(target);
                }
                target.add(item);
                if (target.size == batchSize) {
                    closed.add(target.ids);
                    open.remove(target);
                }
            }
            epoch++;
        }
        long partial = 0;
        for (OpenBatch b : open) {
            partial += b.size;
        }
        return new SourceBatches(sourceIndex, closed, allocated, partial, conflicts, epoch);
    }

    private static final class OpenBatch {
        final long[] ids;
        final Set<Long> texts = new HashSet<>();
        int size;

        OpenBatch(int batchSize) {
            ids = new long[batchSize];
        }

        void add(BatchItem item) {
            ids[size++] = item.id();
            texts.add(item.queryHash());
            texts.add(item.docHash());
        }
    }
}
