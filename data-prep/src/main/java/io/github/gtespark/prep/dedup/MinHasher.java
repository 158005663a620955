package io.github.gtespark.prep.dedup;

import io.github.gtespark.prep.config.MinHashSettings;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MinHash signatures of texts over word shingles, and LSH band keys.
 *
 * <p>Words are maximal runs of letters or digits, lower-cased; a shingle is {@code shingleSize} consecutive words
 * (a text with fewer words is one shingle). Each shingle is hashed to 64 bits once; the {@code k}-th of the
 * {@code bands * rowsPerBand} hash functions is the multiply-shift hash {@code (a_k * h + b_k) >>> 32} with
 * random odd {@code a_k} (fixed seed), and the signature holds each function's minimum over the shingles. The share
 * of equal signature entries estimates the Jaccard similarity of the shingle sets (Broder 1997); band {@code b}'s
 * key hashes entries {@code b*rows .. b*rows+rows-1}, so texts of Jaccard similarity {@code s} share a band with
 * probability {@code 1 - (1 - s^rows)^bands}.
 */
public final class MinHasher implements Serializable {

    private final int shingleSize;
    private final int bands;
    private final int rows;
    private final long[] a;
    private final long[] b;

    public MinHasher(MinHashSettings settings) {
        this.shingleSize = settings.shingleSize();
        this.bands = settings.bands();
        this.rows = settings.rowsPerBand();
        int k = settings.hashCount();
        this.a = new long[k];
        this.b = new long[k];
        SplittableRandom random = new SplittableRandom(0x5EED_0F_4D15L);
        for (int i = 0; i < k; i++) {
            a[i] = random.nextLong() | 1L;
            b[i] = random.nextLong();
        }
    }

    /** The 64-bit hashes of the text's word shingles (at least one for a text with a word; none without). */
    public long[] shingles(String text) {
        long[] words = wordHashes(text);
        if (words.length == 0) {
            return words;
        }
        if (words.length <= shingleSize) {
            long h = 0;
            for (long w : words) {
                h = TextHash.mix(h * 0x9E3779B97F4A7C15L + w);
            }
            return new long[] {h};
        }
        long[] out = new long[words.length - shingleSize + 1];
        for (int i = 0; i < out.length; i++) {
            long h = 0;
            for (int j = 0; j < shingleSize; j++) {
                h = TextHash.mix(h * 0x9E3779B97F4A7C15L + words[i + j]);
            }
            out[i] = h;
        }
        return out;
    }

    /** The MinHash signature ({@code bands * rowsPerBand} entries); all entries are -1 for a text without words. */
    public int[] signature(String text) {
        long[] sh = shingles(text);
        int[] sig = new int[a.length];
        if (sh.length == 0) {
            Arrays.fill(sig, -1);
            return sig;
        }
        for (int k = 0; k < a.length; k++) {
            long ak = a[k];
            long bk = b[k];
            int min = Integer.MAX_VALUE;
            for (long s : sh) {
                int v = (int) ((ak * s + bk) >>> 33);
                if (v < min) {
                    min = v;
                }
            }
            sig[k] = min;
        }
        return sig;
    }

    /** One key per band. */
    public long[] bandKeys(int[] signature) {
        long[] keys = new long[bands];
        for (int band = 0; band < bands; band++) {
            long h = TextHash.mix(band + 0x632BE59BD9B4E019L);
            for (int r = 0; r < rows; r++) {
                h = TextHash.mix(h * 31 + signature[band * rows + r]);
            }
            keys[band] = h;
        }
        return keys;
    }

    /** Estimated Jaccard similarity: the share of equal signature entries. */
    public static double similarity(int[] x, int[] y) {
        int equal = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                equal++;
            }
        }
        return (double) equal / x.length;
    }

    /** Exact Jaccard similarity of two texts' shingle sets (for tests and verification). */
    public double jaccard(String x, String y) {
        long[] sx = Arrays.stream(shingles(x)).distinct().sorted().toArray();
        long[] sy = Arrays.stream(shingles(y)).distinct().sorted().toArray();
        int i = 0;
        int j = 0;
        int inter = 0;
        while (i < sx.length && j < sy.length) {
            if (sx[i] == sy[j]) {
                inter++;
                i++;
                j++;
            } else if (sx[i] < sy[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = sx.length + sy.length - inter;
        return union == 0 ? 1.0 : (double) inter / union;
    }

    static long[] wordHashes(String text) {
        long[] out = new long[16];
        int count = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            long h = 0xCBF29CE484222325L;
            while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
                h = (h ^ Character.toLowerCase(text.charAt(i))) * 0x100000001B3L;
                i++;
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, count * 2);
            }
            out[count++] = TextHash.mix(h);
        }
        return Arrays.copyOf(out, count);
    }
}
