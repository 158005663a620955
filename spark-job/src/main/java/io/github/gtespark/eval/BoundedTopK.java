package io.github.gtespark.eval;

import java.util.Arrays;

/**
 * The k best (score, index) entries seen so far, as a min-heap over primitive arrays. Better means a higher
 * score; on equal scores, a higher {@code tieRank[index]} (the trec_eval convention ranks tied documents by
 * document id, descending: {@code tieRank} is each document's position in ascending id order).
 */
final class BoundedTopK {

    private final int k;
    private final int[] tieRank;
    private final float[] scores;
    private final int[] indices;
    private int size;

    BoundedTopK(int k, int[] tieRank) {
        this.k = k;
        this.tieRank = tieRank;
        this.scores = new float[k];
        this.indices = new int[k];
    }

    void offer(float score, int index) {
        if (size < k) {
            scores[size] = score;
            indices[size] = index;
            siftUp(size++);
        } else if (k > 0 && better(score, index, scores[0], indices[0])) {
            scores[0] = score;
            indices[0] = index;
            siftDown(0);
        }
    }

    /** The entries' indices, best first. */
    int[] bestFirst() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> better(scores[a], indices[a], scores[b], indices[b])
                        ? -1
                        : better(scores[b], indices[b], scores[a], indices[a]) ? 1 : 0);
        int[] result = new int[size];
        for (int i = 0; i < size; i++) {
            result[i] = indices[order[i]];
        }
        return result;
    }

    private boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && tieRank[i1] > tieRank[i2]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (better(scores[parent], indices[parent], scores[i], indices[i])) {
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
            if (left < size && better(scores[worst], indices[worst], scores[left], indices[left])) {
                worst = left;
            }
            if (right < size && better(scores[worst], indices[worst], scores[right], indices[right])) {
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
        int x = indices[a];
        indices[a] = indices[b];
        indices[b] = x;
    }
}
