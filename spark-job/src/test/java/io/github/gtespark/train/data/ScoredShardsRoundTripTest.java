package io.github.gtespark.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.github.gtespark.loss.DuplicateMask;
import io.github.gtespark.prep.CorpusPipeline;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.dedup.TextHash;
import io.github.gtespark.train.step.ContrastiveBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gold score of a pair from a real graded source (STS Benchmark train, {@code #score=4}) through prepare-corpus
 * (exclusions of out-of-range scores counted and written), the Parquet shards and the manifest, to the training
 * reader, the assembled batch ({@code labels[1]}) and the mask the loss receives; an unscored source in the same
 * corpus reads as unscored batches.
 */
class ScoredShardsRoundTripTest {

    private static final int BATCH = 8;
    private static final double MAX = 4.5;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path stsb;
    private static List<String> lines;

    @BeforeAll
    static void prepare() throws Exception {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("scored-shards")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        Path shared = Path.of(System.getProperty("gte.shared.data", "../../shared/data"));
        lines = Files.readAllLines(shared.resolve("stsb/sts-train.csv"), StandardCharsets.UTF_8)
                .subList(0, 800);
        stsb = dir.resolve("stsb-train-800.tsv");
        Files.write(stsb, lines);
        Config config = PrepareCorpusCommandLine.parse(new String[] {
            "--source",
            "stsb=tsv:" + stsb + "#query=5,doc=6,score=4,score-min=0,score-max=" + MAX + ",unescape=false",
            "--source",
            "qq=tsv:" + shared.resolve("sts2016/question-question.test.tsv") + "#query=1,doc=2",
            "--output",
            dir.resolve("corpus").toString(),
            "--batch-size",
            String.valueOf(BATCH),
            "--max-length",
            "64",
            "max-negatives=0",
            "dedup.near.enabled=false",
            "clean.language.enabled=false",
            "exclusions.format=jsonl",
            "partitions=2"
        });
        new CorpusPipeline(spark, PrepareCorpusSettings.from(config), config, System.out::println).run();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void scoresTravelFromTheSourceToTheLossAndOutOfRangeOnesAreCountedAside() throws Exception {
        Path out = dir.resolve("corpus");
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        Map<String, JsonNode> sources = new TreeMap<>();
        manifest.get("sources").forEach(s -> sources.put(s.get("name").asText(), s));
        long above = lines.stream()
                .filter(l -> Double.parseDouble(l.split("\t", -1)[4]) > MAX)
                .count();
        assertTrue(above > 10, "the first 800 STS-B pairs hold some above " + MAX + ": " + above);
        assertEquals(
                above,
                sources.get("stsb").get("excluded").get("score_out_of_range").asLong());
        assertEquals("4", sources.get("stsb").get("score").get("column").asText());
        assertEquals(MAX, sources.get("stsb").get("score").get("max").asDouble());
        assertNull(sources.get("qq").get("score"), "an unscored source has no score entry");
        long written = Files.readAllLines(firstExclusionFile(out)).stream()
                .filter(l -> l.contains("score_out_of_range"))
                .count();
        assertEquals(above, written, "every out-of-range pair is written to exclusions/");

        ShardManifest m =
                ShardManifest.read(out.toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of("stsb", "qq"), m.sources());
        assertEquals(List.of("qq"), m.unscoredSources());
        assertFalse(m.scored());

        // gold scores by (query hash, doc hash) of the raw file: duplicated pairs may carry several scores
        Map<List<Long>, Set<Double>> gold = new HashMap<>();
        for (String l : lines) {
            String[] f = l.split("\t", -1);
            gold.computeIfAbsent(
                            List.of(TextHash.ofNormalized(f[5]), TextHash.ofNormalized(f[6])), k -> new HashSet<>())
                    .add(Double.parseDouble(f[4]));
        }
        Map<Long, List<PairRow>> batches = new TreeMap<>();
        Map<Long, String> sourceOf = new HashMap<>();
        for (Row r : ShardBatchSource.read(spark, m).collectAsList()) {
            PairRow p = ShardBatchSource.toPair(r);
            batches.computeIfAbsent(p.batchId(), b -> new ArrayList<>()).add(p);
        }
        for (Row r : spark.read()
                .parquet(out.resolve("shard-*.parquet").toString())
                .select("batch_id", "source")
                .collectAsList()) {
            sourceOf.put(r.getLong(0), r.getString(1));
        }
        ContrastiveBatchAssembler assembler = new ContrastiveBatchAssembler(BATCH, 64, false, DataType.FLOAT);
        int matched = 0;
        int scoredPairs = 0;
        int scoredBatches = 0;
        int unscoredBatches = 0;
        for (Map.Entry<Long, List<PairRow>> b : batches.entrySet()) {
            ContrastiveBatch batch = ContrastiveBatch.fromMultiDataSet(assembler.assemble(b.getValue(), 0, 0));
            DuplicateMask mask = batch.duplicateMask();
            if (sourceOf.get(b.getKey()).equals("qq")) {
                assertTrue(b.getValue().stream().noneMatch(PairRow::hasScore));
                assertNull(batch.scores());
                assertFalse(mask.hasScores());
                unscoredBatches++;
                continue;
            }
            scoredBatches++;
            List<PairRow> rows = new ArrayList<>(b.getValue());
            rows.sort((x, y) -> Integer.compare(x.position(), y.position()));
            for (int i = 0; i < rows.size(); i++) {
                PairRow p = rows.get(i);
                assertTrue(p.score() >= 0 && p.score() <= MAX, "score " + p.score());
                assertEquals(p.score(), batch.scores().getDouble(i, 0), 0.0);
                assertEquals(p.score(), mask.score(i), 0.0);
                Set<Double> expected = gold.get(List.of(p.queryHash(), p.docHash()));
                scoredPairs++;
                if (expected != null) {
                    assertTrue(expected.contains(p.score()), "score " + p.score() + " vs gold " + expected);
                    matched++;
                }
            }
        }
        assertTrue(scoredBatches > 50 && unscoredBatches > 5, scoredBatches + " / " + unscoredBatches);
        // texts unchanged by cleaning hash as in the raw file: nearly all of them
        assertTrue(matched > 0.95 * scoredPairs, matched + " of " + scoredPairs + " pairs found in the raw file");
        System.out.printf(
                "scored round trip: %d scored batches, %d unscored; %d of %d pairs checked against the raw file;"
                        + " %d exclusions score_out_of_range%n",
                scoredBatches, unscoredBatches, matched, scoredPairs, above);
    }

    private static Path firstExclusionFile(Path out) throws Exception {
        try (var files = Files.walk(out.resolve("exclusions"))) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".json")
                            || p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
            assertFalse(parts.isEmpty(), "no exclusion files under " + out.resolve("exclusions"));
            Path all = dir.resolve("all-exclusions.jsonl");
            List<String> joined = new ArrayList<>();
            for (Path p : parts) {
                joined.addAll(Files.readAllLines(p));
            }
            Files.write(all, joined);
            return all;
        }
    }

    @Test
    void unscoredShardsOfTheOldSchemaReadAsBefore() throws Exception {
        // a corpus without any scored source has no score column at all
        Config config = PrepareCorpusCommandLine.parse(new String[] {
            "--source",
            "stsb=tsv:" + stsb + "#query=5,doc=6",
            "--output",
            dir.resolve("plain").toString(),
            "--batch-size",
            String.valueOf(BATCH),
            "--max-length",
            "64",
            "dedup.near.enabled=false",
            "partitions=2"
        });
        new CorpusPipeline(spark, PrepareCorpusSettings.from(config), config, System.out::println).run();
        String[] columns = spark.read()
                .parquet(dir.resolve("plain/shard-*.parquet").toString())
                .columns();
        assertFalse(Arrays.asList(columns).contains("score"), Arrays.toString(columns));
        ShardManifest m = ShardManifest.read(
                dir.resolve("plain").toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of("stsb"), m.unscoredSources());
        List<Row> rows = ShardBatchSource.read(spark, m).collectAsList();
        assertFalse(rows.isEmpty());
        List<PairRow> first = new ArrayList<>();
        for (Row r : rows) {
            PairRow p = ShardBatchSource.toPair(r);
            assertFalse(p.hasScore());
            if (p.batchId() == 0) {
                first.add(p);
            }
        }
        var batch = new ContrastiveBatchAssembler(BATCH, 64, false, DataType.FLOAT).assemble(first, 0, 0);
        assertEquals(1, batch.getLabels().length, "an unscored batch has the hash labels only");
    }
}
