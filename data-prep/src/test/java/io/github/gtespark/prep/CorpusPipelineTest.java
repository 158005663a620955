package io.github.gtespark.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.text.BertTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the job on real text (a slice of the demo corpus plus malformed lines). */
class CorpusPipelineTest {

    private static final int BATCH = 8;

    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static CorpusPipeline.Result first;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.start("CorpusPipelineTest");
        Path demo = LocalSpark.repoRoot().resolve("data-prep/demo-corpus");
        List<String> debian = head(demo.resolve("debian-descriptions.tsv.gz"), 300);
        debian.add("dup-pkg\t" + debian.get(1).split("\t")[1] + "\t"
                + debian.get(1).split("\t")[2]); // exact duplicate
        debian.add("short\tx\ty"); // too short
        debian.add("missing-columns"); // malformed
        Files.write(dir.resolve("debian.tsv"), debian);
        List<String> snli = head(demo.resolve("snli.jsonl.gz"), 120);
        snli.add("{\"query\": \"broken json");
        snli.add("{\"query\": \"A dog runs through the park.\", \"pos\": [\"A dog is running.\"]}"); // no negative
        Files.write(dir.resolve("snli.jsonl"), snli);
        first = run("a", 1);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<String> head(Path gz, int n) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null && out.size() < n; l = r.readLine()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String[] args(String out, long seed, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "--source",
                "debian=tsv:" + dir.resolve("debian.tsv") + "#header=true,query=synopsis,doc=description",
                "--source",
                "snli=jsonl:" + dir.resolve("snli.jsonl"),
                "--output",
                dir.resolve(out).toString(),
                "--batch-size",
                String.valueOf(BATCH),
                "--seed",
                String.valueOf(seed),
                "--target-pairs",
                "400",
                "--max-length",
                "48",
                "max-negatives=1",
                "require-negatives=true",
                "partitions=3",
                "batches-per-shard=16",
                "exclusions.format=jsonl"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private static CorpusPipeline.Result run(String out, long seed, String... extra) throws IOException {
        Config config = PrepareCorpusCommandLine.parse(args(out, seed, extra));
        return new CorpusPipeline(spark, PrepareCorpusSettings.from(config), config, System.out::println).run();
    }

    private static List<Row> rows(String out) {
        return spark.read()
                .parquet(dir.resolve(out).resolve("shard-*.parquet").toString())
                .orderBy("batch_id", "position")
                .collectAsList();
    }

    @Test
    void manifestReconcilesEverySource() throws IOException {
        JsonNode m = new ObjectMapper().readTree(dir.resolve("a/manifest.json").toFile());
        assertEquals(BATCH, m.get("batch_size").asInt());
        assertEquals(48, m.get("max_length").asInt());
        assertEquals(1, m.get("hard_negatives").asInt());
        assertEquals(m.get("batches").asLong() * BATCH, m.get("pairs").asLong());
        long sampled = 0;
        double z = 0;
        for (JsonNode s : m.get("sources")) {
            long excluded = 0;
            for (JsonNode v : s.get("excluded")) {
                excluded += v.asLong();
            }
            assertEquals(
                    s.get("read").asLong(),
                    s.get("kept").asLong() + excluded,
                    s.get("name").asText());
            sampled += s.get("sampled").asLong();
            z += Math.sqrt(s.get("kept").asLong());
        }
        assertEquals(m.get("pairs").asLong(), sampled);
        for (JsonNode s : m.get("sources")) {
            assertEquals(
                    Math.sqrt(s.get("kept").asLong()) / z, s.get("probability").asDouble(), 1e-12);
        }
        JsonNode debian = m.get("sources").get(0);
        assertEquals(302, debian.get("read").asLong(), "300 rows + duplicate + short; the malformed line too");
        assertEquals(1, debian.get("excluded").get("duplicate_exact").asLong());
        assertEquals(1, debian.get("excluded").get("too_short_chars").asLong());
        assertEquals(1, debian.get("excluded").get("missing_field").asLong());
        JsonNode snli = m.get("sources").get(1);
        assertEquals(1, snli.get("excluded").get("malformed_json").asLong());
        assertTrue(
                snli.get("excluded").get("missing_negative").asLong() >= 1,
                "the added pair and SNLI premises without contradiction");
        assertTrue(Files.exists(dir.resolve("a/_SUCCESS")));
        assertTrue(Files.exists(dir.resolve("a/resolved-config.conf")));
        assertTrue(new ObjectMapper()
                        .readTree(dir.resolve("a/run-stats.json").toFile())
                        .get("timings")
                        .size()
                >= 5);
        assertEquals(m.get("shards").size(), first.shards().size());
    }

    @Test
    void exclusionsAreWrittenWithReasons() throws IOException {
        JsonNode m = new ObjectMapper().readTree(dir.resolve("a/manifest.json").toFile());
        Map<String, Long> expected = new HashMap<>();
        for (JsonNode s : m.get("sources")) {
            s.get("excluded")
                    .fields()
                    .forEachRemaining(
                            e -> expected.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        Map<String, Long> written = new HashMap<>();
        for (Row r : spark.read().json(dir.resolve("a/exclusions").toString()).collectAsList()) {
            if (r.getAs("unit").equals("pair")) {
                written.merge(r.getAs("reason"), 1L, Long::sum);
            }
        }
        assertEquals(expected, written);
    }

    @Test
    void batchesAreFullSingleSourceAndDuplicateFree() {
        BertTokenizer tok = BertTokenizer.bertBaseUncased();
        List<Row> rows = rows("a");
        assertEquals(first.pairs(), rows.size());
        Map<Long, List<Row>> byBatch = new HashMap<>();
        for (Row r : rows) {
            byBatch.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(r);
        }
        assertEquals(first.batches(), byBatch.size());
        for (long b = 0; b < first.batches(); b++) {
            List<Row> batch = byBatch.get(b);
            assertEquals(BATCH, batch.size(), "batch " + b);
            Set<String> sources = new HashSet<>();
            Set<Long> texts = new HashSet<>();
            for (int p = 0; p < batch.size(); p++) {
                Row r = batch.get(p);
                assertEquals(p, r.getInt(1));
                sources.add(r.getString(2));
                assertTrue(texts.add(r.getLong(6)), "query twice in batch " + b);
                assertTrue(texts.add(r.getLong(7)) || r.getLong(7) == r.getLong(6), "doc twice in batch " + b);
                List<Integer> q = r.getList(3);
                assertEquals(tok.clsId(), q.get(0));
                assertEquals(tok.sepId(), q.get(q.size() - 1));
                assertTrue(q.size() <= 48 && r.getList(4).size() <= 48);
                int negs = r.getList(5).size();
                assertEquals(r.getString(2).equals("snli") ? 1 : 0, negs);
                assertEquals(negs, r.getList(8).size());
            }
            assertEquals(1, sources.size(), "single-source batch " + b);
        }
    }

    @Test
    void sameSeedGivesByteIdenticalShardsOtherSeedAnotherOrder() throws IOException {
        CorpusPipeline.Result again = run("b", 1);
        assertEquals(first.shards(), again.shards());
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("a/manifest.json")), Files.readAllBytes(dir.resolve("b/manifest.json")));
        for (String shard : first.shards()) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(shard)),
                    Files.readAllBytes(dir.resolve("b").resolve(shard)),
                    shard);
        }
        run("c", 2);
        List<Long> orderA = rows("a").stream().map(r -> r.getLong(6)).toList();
        List<Long> orderC = rows("c").stream().map(r -> r.getLong(6)).toList();
        assertNotEquals(orderA, orderC);
    }

    @Test
    void failedRunLeavesNoSuccessMarker() throws IOException {
        Path out = Files.createDirectories(dir.resolve("failed"));
        Files.createFile(out.resolve("_SUCCESS"));
        assertThrows(IllegalStateException.class, () -> run("failed", 1, "--batch-size", "100000"));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }
}
