package io.github.gtespark.text;

/**
 * A character trie over a WordPiece vocabulary, for greedy longest-match-first lookup without building substrings.
 *
 * <p>Nodes are numbered from 0 (the root). Edges live in one open-addressing hash table keyed by
 * {@code (node << 16) | char}; the 128 ASCII children of the root and of the continuation-prefix node
 * ({@code ##}) are also kept in direct arrays, since almost every lookup starts there. Immutable after
 * construction, hence safe to share between threads.
 */
final class VocabularyTrie {

    static final int NONE = -1;

    private final long[] edgeKeys;
    private final int[] edgeTargets;
    private final int mask;
    private final int[] tokenIdOfNode;
    private final int continuationRoot;
    private final int[] rootAscii = new int[128];
    private final int[] continuationAscii = new int[128];

    /**
     * @param tokens tokens by id ({@code tokens[id]}); a later duplicate of a token wins, as in a HashMap
     * @param continuationPrefix the prefix marking a word-internal piece ("##")
     */
    VocabularyTrie(String[] tokens, String continuationPrefix) {
        long totalChars = 0;
        for (String token : tokens) {
            totalChars += token.length();
        }
        int capacity =
                Integer.highestOneBit((int) Math.max(16, totalChars * 2 + continuationPrefix.length() * 2L)) << 1;
        edgeKeys = new long[capacity];
        edgeTargets = new int[capacity];
        java.util.Arrays.fill(edgeKeys, -1L);
        mask = capacity - 1;
        int[] ids = new int[(int) Math.min(Integer.MAX_VALUE - 8, totalChars + continuationPrefix.length() + 1)];
        java.util.Arrays.fill(ids, NONE);
        int nodes = 1;
        for (int id = 0; id < tokens.length; id++) {
            String token = tokens[id];
            if (token.isEmpty()) {
                continue;
            }
            int node = 0;
            for (int i = 0; i < token.length(); i++) {
                int next = lookup(node, token.charAt(i));
                if (next == NONE) {
                    next = nodes++;
                    put(node, token.charAt(i), next);
                }
                node = next;
            }
            ids[node] = id;
        }
        int prefixNode = 0;
        for (int i = 0; i < continuationPrefix.length() && prefixNode != NONE; i++) {
            prefixNode = lookup(prefixNode, continuationPrefix.charAt(i));
        }
        continuationRoot = prefixNode;
        tokenIdOfNode = java.util.Arrays.copyOf(ids, nodes);
        for (char c = 0; c < 128; c++) {
            rootAscii[c] = lookup(0, c);
            continuationAscii[c] = continuationRoot == NONE ? NONE : lookup(continuationRoot, c);
        }
    }

    /** The root: where the first piece of a word is looked up. */
    int root() {
        return 0;
    }

    /** The node reached by the continuation prefix, where later pieces are looked up; {@link #NONE} if absent. */
    int continuationRoot() {
        return continuationRoot;
    }

    /** The child of {@code node} along {@code c}, or {@link #NONE}. */
    int child(int node, char c) {
        if (c < 128) {
            if (node == 0) {
                return rootAscii[c];
            }
            if (node == continuationRoot) {
                return continuationAscii[c];
            }
        }
        return lookup(node, c);
    }

    private int lookup(int node, char c) {
        long key = ((long) node << 16) | c;
        int slot = slot(key);
        while (true) {
            long k = edgeKeys[slot];
            if (k == key) {
                return edgeTargets[slot];
            }
            if (k == -1L) {
                return NONE;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The token id ending at {@code node}, or {@link #NONE}. */
    int tokenId(int node) {
        return tokenIdOfNode[node];
    }

    private void put(int node, char c, int target) {
        long key = ((long) node << 16) | c;
        int slot = slot(key);
        while (edgeKeys[slot] != -1L) {
            slot = (slot + 1) & mask;
        }
        edgeKeys[slot] = key;
        edgeTargets[slot] = target;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
