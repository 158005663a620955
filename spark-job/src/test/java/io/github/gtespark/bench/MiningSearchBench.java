package io.github.gtespark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.mine.BlockResult;
import io.github.gtespark.mine.BlockedTopKSearch;
import io.github.gtespark.mine.QueryBlock;
import io.github.gtespark.mine.VectorBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The mining job's exact search ({@link BlockedTopKSearch}: GEMM pre-selection, exact re-scoring, merge) on one
 * thread, on the unit vectors a {@code dump-vectors=true} run wrote: the pool tiled to {@code docs} rows (real vectors,
 * repeated) and the queries' first {@code queries}. Prints {@code java_scores_per_s=...} (best of {@code rounds}).
 * <pre>MiningSearchBench VECTOR_DIR docs queries depth queryBlock docBlock rounds</pre>
 * scripts/bench/mining.sh runs it beside the NumPy brute force on the same vectors.
 */
public final class MiningSearchBench {

    private MiningSearchBench() {}

    static float[][] read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<float[]> rows = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.jsonl"))
                    .sorted()
                    .toList();
        }
        for (Path p : parts) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                JsonNode v = json.readTree(line).get("vector");
                float[] f = new float[v.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) v.get(i).asDouble();
                }
                rows.add(f);
            }
        }
        return rows.toArray(new float[0][]);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        int docs = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        int depth = Integer.parseInt(args[3]);
        int qb = Integer.parseInt(args[4]);
        int db = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        float[][] pool = read(dir.resolve("pool"));
        float[][] qs = read(dir.resolve("queries"));
        int dim = pool[0].length;
        List<VectorBlock> docBlocks = new ArrayList<>();
        for (int from = 0; from < docs; from += db) {
            int n = Math.min(db, docs - from);
            float[] v = new float[n * dim];
            for (int r = 0; r < n; r++) {
                System.arraycopy(pool[(from + r) % pool.length], 0, v, r * dim, dim);
            }
            docBlocks.add(new VectorBlock(from, n, dim, v));
        }
        List<QueryBlock> queryBlocks = new ArrayList<>();
        for (int from = 0; from < queries; from += qb) {
            int n = Math.min(qb, queries - from);
            float[] v = new float[n * dim];
            int[] d = new int[n];
            long[][] pid = new long[n][0];
            float[][] ps = new float[n][0];
            for (int r = 0; r < n; r++) {
                System.arraycopy(qs[(from + r) % qs.length], 0, v, r * dim, dim);
                d[r] = depth;
            }
            queryBlocks.add(new QueryBlock(new VectorBlock(from, n, dim, v), d, pid, ps));
        }
        if (Boolean.getBoolean("gte.bench.gemm-only")) {
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                for (QueryBlock q : queryBlocks) {
                    for (VectorBlock b : docBlocks) {
                        org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.create(
                                q.queries().values(), new long[] {q.queries().rows(), dim}, 'c');
                        org.nd4j.linalg.api.ndarray.INDArray m =
                                org.nd4j.linalg.factory.Nd4j.create(b.values(), new long[] {b.rows(), dim}, 'c');
                        org.nd4j.linalg.factory.Nd4j.gemm(a, m, false, true).close();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        Locale.ROOT, "gemm only round %d: %.3g scores/s%n", round, queries * (double) docs / seconds);
            }
        }
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long checksum = 0;
            for (QueryBlock q : queryBlocks) {
                BlockResult merged = null;
                for (VectorBlock b : docBlocks) {
                    BlockResult r = BlockedTopKSearch.search(q, b);
                    merged = merged == null ? r : BlockedTopKSearch.merge(merged, r);
                }
                checksum += merged.hits()[0].ids()[0];
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = (double) queries * docs / seconds;
            best = Math.max(best, rate);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %d x %d scores in %.2f s: %.3g scores/s (checksum %d)%n",
                    round,
                    queries,
                    docs,
                    seconds,
                    rate,
                    checksum);
        }
        System.out.printf(Locale.ROOT, "java_scores_per_s=%.4g%n", best);
    }
}
