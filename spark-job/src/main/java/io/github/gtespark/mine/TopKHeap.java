package io.github.gtespark.mine;

/**
 * The k best (score, id) pairs offered so far, better meaning a higher score, then a smaller id; a min-heap of
 * primitive arrays whose root is the worst kept entry, so that most offers are one comparison.
 */
final class TopKHeap {

    private final int k;
    private final float[] scores;
    private final long[] ids;
    private int size;

    TopKHeap(int k) {
        this.k = k;
        this.scores = new float[k];
        this.ids = new long[k];
    }

    static boolean better(float s1, long i1, float s2, long i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }

    void offer(float score, long id) {
        if (size < k) {
            scores[size] = score;
            ids[size] = id;
            siftUp(size++);
        } else if (k > 0 && (score > scores[0] || (score == scores[0] && id < ids[0]))) {
            scores[0] = score;
            ids[0] = id;
            siftDown(0);
        }
    }

    /** The lowest score that can still enter (negative infinity while not full). */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    /** Ids and scores, best first. */
    QueryHits bestFirst(float[] positiveScores, long[] aboveCounts) {
        long[] outIds = new long[size];
        float[] outScores = new float[size];
        // pop the worst kept entry into the last free slot: the entries leave the heap in the reverse of their order
        // (no boxing, no comparator; the ids of a heap are distinct, so the order is total), the heap is left empty
        for (int n = size; n > 0; n--) {
            outIds[n - 1] = ids[0];
            outScores[n - 1] = scores[0];
            size--;
            if (size > 0) {
                scores[0] = scores[size];
                ids[0] = ids[size];
                siftDown(0);
            }
        }
        return new QueryHits(outIds, outScores, positiveScores, aboveCounts);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (better(scores[parent], ids[parent], scores[i], ids[i])) {
                swap(i, parent);
                i = parent;
            } else {
                return;
            }
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            int right = left + 1;
            int worst = i;
            if (left < size && better(scores[worst], ids[worst], scores[left], ids[left])) {
                worst = left;
            }
            if (right < size && better(scores[worst], ids[worst], scores[right], ids[right])) {
                worst = right;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        long x = ids[a];
        ids[a] = ids[b];
        ids[b] = x;
    }
}
