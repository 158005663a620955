package io.github.gtespark.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code manifest.json} that data-prep writes beside its Parquet shards (schema in docs/dev/contracts.md),
 * reduced to what training needs, plus the SHA-256 of its bytes: a checkpoint records that hash so that a resumed
 * run refuses to continue on different data.
 *
 * @param dataUri       directory holding the manifest and the shards (any Hadoop FileSystem URI)
 * @param batchSize     pairs per batch (every batch has exactly this many rows)
 * @param maxLength     token limit the shards were truncated to
 * @param batches       number of batches, {@code batch_id} 0..batches-1
 * @param pairs         number of pairs
 * @param hardNegatives maximum hard negatives per pair (0: none)
 * @param shardUris     absolute URIs of the shard files
 * @param sha256        hex SHA-256 of the manifest file
 * @param sources       the sources that have pairs in the shards ({@code sampled} > 0), in manifest order
 * @param unscoredSources those of them without a gold score per pair (no {@code score} entry: prepared without
 *                      {@code #score=COLUMN}); empty when every pair of the shards has a score
 */
public record ShardManifest(
        String dataUri,
        int batchSize,
        int maxLength,
        long batches,
        long pairs,
        int hardNegatives,
        List<String> shardUris,
        String sha256,
        List<String> sources,
        List<String> unscoredSources) {

    /** Whether every pair of the shards carries a gold score. */
    public boolean scored() {
        return !sources.isEmpty() && unscoredSources.isEmpty();
    }

    public static final String FILE_NAME = "manifest.json";

    /** Reads {@code dataUri/manifest.json}; a missing or incomplete manifest is a clear error. */
    public static ShardManifest read(String dataUri, Configuration hadoopConf) throws IOException {
        String dir = dataUri.endsWith("/") ? dataUri.substring(0, dataUri.length() - 1) : dataUri;
        Path path = new Path(dir + "/" + FILE_NAME);
        FileSystem fs = path.getFileSystem(hadoopConf);
        if (!fs.exists(path)) {
            throw new IOException(
                    "no " + FILE_NAME + " in " + dataUri + ": is it the output directory of prepare-corpus?");
        }
        byte[] bytes;
        try (InputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        JsonNode root = new ObjectMapper().readTree(bytes);
        List<String> shards = new ArrayList<>();
        for (JsonNode shard : required(root, "shards", path)) {
            String rel = shard.asText();
            shards.add(rel.contains("://") || rel.startsWith("/") ? rel : dir + "/" + rel);
        }
        if (shards.isEmpty()) {
            throw new IOException(path + " lists no shards");
        }
        long batches = required(root, "batches", path).asLong();
        int batchSize = required(root, "batch_size", path).asInt();
        if (batches <= 0 || batchSize <= 0) {
            throw new IOException(
                    path + ": batches (" + batches + ") and batch_size (" + batchSize + ") must be positive");
        }
        List<String> sources = new ArrayList<>();
        List<String> unscored = new ArrayList<>();
        for (JsonNode source : root.path("sources")) {
            if (source.path("sampled").asLong(1) > 0) {
                String name = source.path("name").asText("?");
                sources.add(name);
                if (!source.hasNonNull("score")) {
                    unscored.add(name);
                }
            }
        }
        return new ShardManifest(
                dir,
                batchSize,
                required(root, "max_length", path).asInt(),
                batches,
                required(root, "pairs", path).asLong(),
                root.path("hard_negatives").asInt(0),
                List.copyOf(shards),
                sha256(bytes),
                List.copyOf(sources),
                List.copyOf(unscored));
    }

    private static JsonNode required(JsonNode root, String field, Path path) throws IOException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IOException(path + " has no field '" + field + "'");
        }
        return node;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
