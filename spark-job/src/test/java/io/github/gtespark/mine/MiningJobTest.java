package io.github.gtespark.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.eval.SharedData;
import io.github.gtespark.prep.clean.TextCleaner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mining job on real text (Debian package synopsis -> description, STS-B sentences as extra corpus, a JSONL
 * input with a malformed line) with all-MiniLM-L6-v2, against an independent brute force over the vectors the job
 * dumps: every pool cosine computed directly (products summed in double, rounded to float: the job's definition of
 * the cosine), one full sort of the pool per query, the rules re-implemented here; the random sampling uses the
 * specified generator ({@link SeededSampler}). Small blocks make the search merge several document blocks per query
 * block. Every query must match exactly: negatives and their ranks, inconsistent positives and their ranks,
 * no-negative rows. Two runs cover every rule and both samplings.
 */
class MiningJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-5;

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Path debian;
    private static Path corpus;
    private static Path jsonl;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("mining-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        debian = tmp.resolve("debian.tsv");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(
                        Files.newInputStream(SharedData.file("debian-descriptions/bookworm-main-descriptions.tsv.gz"))),
                StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 121; i++) {
                lines.add(r.readLine());
            }
            Files.write(debian, lines);
        }
        List<String> sts = Files.readAllLines(SharedData.file("stsb/sts-dev.csv"), StandardCharsets.UTF_8);
        corpus = tmp.resolve("corpus.tsv");
        List<String> corpusLines = new ArrayList<>();
        List<String> jsonLines = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            String[] f = sts.get(i).split("\t");
            corpusLines.add(f[5]);
            if (i < 100) {
                jsonLines.add(JSON.writeValueAsString(Map.of("query", f[5], "pos", List.of(f[6]))));
            }
        }
        jsonLines.add(7, "{\"query\": \"broken");
        Files.write(corpus, corpusLines);
        jsonl = tmp.resolve("pairs.jsonl");
        Files.write(jsonl, jsonLines);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static MiningJob.Result mine(Path out, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--model",
                "all-minilm-l6-v2",
                "--input",
                "deb=tsv:" + debian + "#header=true,query=synopsis,doc=description",
                "--input",
                "js=jsonl:" + jsonl,
                "--corpus",
                "sts=tsv:" + corpus + "#query=0,doc=0",
                "--output",
                out.toString(),
                "--max-length",
                "32",
                "dump-vectors=true",
                "search.query-block-size=64",
                "search.doc-block-size=100"));
        args.addAll(Arrays.asList(extra));
        var config = MineNegativesCommandLine.parse(args.toArray(new String[0]));
        MiningSettings settings = MineNegativesJob.check(config);
        return new MiningJob(spark, settings, config, System.out::println).run();
    }

    @Test
    void topSamplingWithConsistencyWindowAndAbsoluteMarginMatchesBruteForce() throws IOException {
        Path out = tmp.resolve("top");
        MiningJob.Result r = mine(
                out,
                "--consistency-top-k",
                "2",
                "--num-negatives",
                "4",
                "--range-min",
                "2",
                "--range-max",
                "40",
                "--absolute-margin",
                "0.02");
        verify(out, r, new Rules(4, 2, 40, false, 0.02, null, null, false, 42, 2));
        Map<?, ?> js = (Map<?, ?>) ((List<?>) r.manifest().get("inputs")).get(1);
        assertEquals(1L, ((Map<?, ?>) js.get("excluded")).get("malformed_json"), "the malformed JSONL line");
        assertTrue(
                exclusions(out).stream()
                        .anyMatch(e -> e.path("reason").asText().equals("malformed_json")
                                && e.path("line").asLong() == 8),
                "line number of the malformed line");
    }

    @Test
    void randomSamplingWithRelativeMarginMaxScoreEligibleRangeMinAndTopOneMatchesBruteForce() throws IOException {
        Path out = tmp.resolve("random");
        MiningJob.Result r = mine(
                out,
                "--sampling",
                "random",
                "--range-min",
                "1",
                "--range-min-counts",
                "eligible",
                "--seed",
                "7",
                "--relative-margin",
                "0.1",
                "--max-score",
                "0.5",
                "--range-max",
                "50",
                "--num-negatives",
                "3",
                "--consistency-top-k",
                "1");
        verify(out, r, new Rules(3, 1, 50, true, null, 0.1, 0.5, true, 7, 1));
    }

    /**
     * Queries with three positives, one strong (the STS pair's other sentence) and two weak (a sentence pair about
     * something else): per query, the weak positives pull the margin's threshold below nearly every candidate; per
     * positive, the strong one still finds negatives.
     */
    @Test
    void negativesPerPositiveWritesOneRowPerPositiveMeasuredAgainstItsOwnScore() throws IOException {
        List<String> sts = Files.readAllLines(SharedData.file("stsb/sts-dev.csv"), StandardCharsets.UTF_8);
        Map<String, Set<String>> positives = new HashMap<>();
        List<String> multi = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String[] a = sts.get(200 + i).split("\t");
            String[] b = sts.get(260 + i).split("\t");
            List<String> pos = List.of(a[6], b[5], b[6]);
            // the job writes texts as its cleaner leaves them (whitespace, control characters)
            TextCleaner cleaner = new TextCleaner();
            positives.put(
                    cleaner.clean(a[5]),
                    new HashSet<>(pos.stream().map(cleaner::clean).toList()));
            multi.add(JSON.writeValueAsString(Map.of("query", a[5], "pos", pos)));
        }
        Path multiPath = tmp.resolve("multi.jsonl");
        Files.write(multiPath, multi);
        String[] rules = {"--input", "multi=jsonl:" + multiPath, "--relative-margin", "0.05", "--range-min", "1"};
        Path perPositive = tmp.resolve("per-positive");
        Path perQuery = tmp.resolve("per-query");
        MiningJob.Result p = mine(perPositive, concat(rules, "--negatives-per", "positive"));
        MiningJob.Result q = mine(perQuery, rules);

        int multiRows = 0;
        for (JsonNode row : lines(perPositive)) {
            // the multi source's rows (another source may share a query text: STS-B repeats sentences)
            Set<String> ofQuery = positives.get(row.get("query").asText());
            if (ofQuery == null || !ofQuery.contains(row.get("pos").get(0).asText())) {
                continue;
            }
            multiRows++;
            assertEquals(1, row.get("pos").size(), row.toString());
            double m = row.get("pos_score").get(0).asDouble();
            for (int j = 0; j < row.get("neg").size(); j++) {
                assertTrue(row.get("neg_score").get(j).asDouble() <= 0.95 * m + EPS, row.toString());
                assertTrue(!ofQuery.contains(row.get("neg").get(j).asText()), "a positive mined as a negative");
            }
        }
        int multiRowsPerQuery = 0;
        for (JsonNode row : lines(perQuery)) {
            Set<String> ofQuery = positives.get(row.get("query").asText());
            if (ofQuery != null && ofQuery.contains(row.get("pos").get(0).asText())) {
                multiRowsPerQuery++;
                double weakest = Double.POSITIVE_INFINITY;
                for (JsonNode sc : row.get("pos_score")) {
                    weakest = Math.min(weakest, sc.asDouble());
                }
                for (JsonNode sc : row.get("neg_score")) {
                    assertTrue(sc.asDouble() <= 0.95 * weakest + EPS, row.toString());
                }
            }
        }
        assertTrue(
                multiRows > multiRowsPerQuery,
                "per positive " + multiRows + " rows, per query " + multiRowsPerQuery + " (of 40 queries)");
        // the output's row count is the lines written, and every pair of the source is kept or excluded once
        assertEquals(p.rows(), lines(perPositive).size());
        Map<?, ?> src = (Map<?, ?>) ((List<?>) p.manifest().get("inputs")).get(2);
        long excluded = ((Map<?, ?>) src.get("excluded"))
                .values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        assertEquals(120L, ((Number) src.get("read")).longValue());
        assertEquals(120L, ((Number) src.get("kept")).longValue() + excluded);
        assertEquals(multiRows, ((Number) src.get("rows")).longValue());
        assertEquals("positive", ((Map<?, ?>) p.manifest().get("settings")).get("negatives_per"));
        assertEquals("query", ((Map<?, ?>) q.manifest().get("settings")).get("negatives_per"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void emptyInputGivesAnEmptyOutputWithAManifest() throws IOException {
        Path empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "");
        Path out = tmp.resolve("empty-out");
        var config = MineNegativesCommandLine.parse(
                new String[] {"--model", "all-minilm-l6-v2", "--input", "e=jsonl:" + empty, "--output", out.toString()
                });
        MiningJob.Result r = new MiningJob(spark, MineNegativesJob.check(config), config, System.out::println).run();
        assertEquals(true, r.manifest().get("empty"));
        assertEquals(0L, r.rows());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void badArgumentsExitWithTwoBeforeSpark() {
        String in = "--input=d=tsv:" + debian + "#header=true,query=synopsis,doc=description";
        String o = "--output=" + tmp.resolve("never");
        assertEquals(2, MineNegativesJob.run(new String[] {"--model", "no-such-model", in, o}));
        assertEquals(2, MineNegativesJob.run(new String[] {
            "--model", "all-minilm-l6-v2", "--input", "x=jsonl:/no/such/file", o
        }));
        assertEquals(2, MineNegativesJob.run(new String[] {
            "--model", "all-minilm-l6-v2", in, o, "--range-min", "5", "--range-max", "5"
        }));
        assertEquals(
                2,
                MineNegativesJob.run(new String[] {"--model", "all-minilm-l6-v2", in, o, "--absolute-margin", "-0.1"}));
        assertEquals(
                2, MineNegativesJob.run(new String[] {"--model", "all-minilm-l6-v2", in, o, "--num-negatives", "0"}));
        assertEquals(2, MineNegativesJob.run(new String[] {
            "--model", "all-minilm-l6-v2", in, o, "--range-min-counts", "ranks"
        }));
        assertEquals(
                2,
                MineNegativesJob.run(new String[] {"--model", "all-minilm-l6-v2", in, o, "--consistency-top-k", "0"}));
        assertEquals(2, MineNegativesJob.run(new String[] {in, o}));
        assertTrue(!Files.exists(tmp.resolve("never")));
    }

    // ---- the independent brute force ----

    private record Rules(
            int num,
            int rangeMin,
            int rangeMax,
            boolean rangeMinCountsEligible,
            Double abs,
            Double rel,
            Double maxScore,
            boolean random,
            long seed,
            int k) {}

    private record Expected(
            List<String> neg,
            List<Integer> ranks,
            Map<String, Long> inconsistent,
            List<String> kept,
            boolean nearTie) {}

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }

    private static Expected expect(
            float[] q, String query, long[] positiveIds, List<String> poolText, List<float[]> poolVec, Rules r) {
        int n = poolText.size();
        double[] s = new double[n];
        for (int d = 0; d < n; d++) {
            s[d] = (float) dot(q, poolVec.get(d)); // cosines are floats in the job as well
        }
        Integer[] order = new Integer[n];
        for (int d = 0; d < n; d++) {
            order[d] = d;
        }
        Arrays.sort(
                order,
                (a, b) -> s[a] != s[b]
                        ? Double.compare(s[b], s[a])
                        : poolText.get(a).compareTo(poolText.get(b)));
        boolean nearTie = false;
        Set<String> pTexts = new HashSet<>();
        Set<String> pLower = new HashSet<>();
        Map<String, Long> inconsistent = new HashMap<>();
        List<String> kept = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (long pid : positiveIds) {
            String pt = poolText.get((int) pid);
            pTexts.add(pt);
            pLower.add(pt.toLowerCase(Locale.ROOT));
            long above = 0;
            for (int d = 0; d < n; d++) {
                if (d != pid
                        && (s[d] > s[(int) pid]
                                || (s[d] == s[(int) pid] && poolText.get(d).compareTo(pt) < 0))) {
                    above++;
                }
                if (d != pid && s[d] != s[(int) pid] && Math.abs(s[d] - s[(int) pid]) < EPS && r.k() > 0) {
                    nearTie = true;
                }
            }
            if (r.k() == 0 || above + 1 <= r.k()) {
                kept.add(pt);
                min = Math.min(min, s[(int) pid]);
            } else {
                inconsistent.put(pt, above + 1);
            }
        }
        if (kept.isEmpty()) {
            return new Expected(List.of(), List.of(), inconsistent, kept, nearTie);
        }
        double limit = Double.POSITIVE_INFINITY;
        if (r.abs() != null) {
            limit = Math.min(limit, min - r.abs());
        }
        if (r.rel() != null) {
            limit = Math.min(limit, (1 - r.rel()) * min);
        }
        if (r.maxScore() != null) {
            limit = Math.min(limit, r.maxScore());
        }
        List<Integer> eligible = new ArrayList<>();
        List<Integer> eligibleRanks = new ArrayList<>();
        int rank = 0;
        int skippedEligible = 0;
        double previous = Double.NaN;
        for (int d : order) {
            String t = poolText.get(d);
            if (pTexts.contains(t) || pLower.contains(t.toLowerCase(Locale.ROOT))) {
                continue;
            }
            rank++;
            if (rank > r.rangeMax() + 1) {
                break;
            }
            if ((s[d] != previous && Math.abs(s[d] - previous) < EPS)
                    || ((r.rangeMinCountsEligible() || rank > r.rangeMin()) && Math.abs(s[d] - limit) < EPS)) {
                nearTie = true;
            }
            previous = s[d];
            boolean window = rank <= r.rangeMax() && (r.rangeMinCountsEligible() || rank > r.rangeMin());
            if (window && s[d] <= limit) {
                if (r.rangeMinCountsEligible() && skippedEligible < r.rangeMin()) {
                    skippedEligible++;
                } else {
                    eligible.add(d);
                    eligibleRanks.add(rank);
                }
            }
        }
        List<String> neg = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        int[] chosen = r.random()
                ? SeededSampler.sample(eligible.size(), r.num(), r.seed(), query)
                : java.util.stream.IntStream.range(0, Math.min(r.num(), eligible.size()))
                        .toArray();
        for (int i : chosen) {
            neg.add(poolText.get(eligible.get(i)));
            ranks.add(eligibleRanks.get(i));
        }
        return new Expected(neg, ranks, inconsistent, kept, nearTie);
    }

    private static void verify(Path out, MiningJob.Result result, Rules rules) throws IOException {
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        for (Object o : (List<?>) result.manifest().get("inputs")) {
            Map<?, ?> in = (Map<?, ?>) o;
            long excluded = ((Map<?, ?>) in.get("excluded"))
                    .values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            assertEquals(
                    ((Number) in.get("read")).longValue(),
                    ((Number) in.get("kept")).longValue() + excluded,
                    "read == kept + excluded for " + in.get("name"));
        }
        List<String> poolText = new ArrayList<>();
        List<float[]> poolVec = new ArrayList<>();
        for (JsonNode d : lines(out.resolve("vectors/pool"))) {
            assertEquals(poolText.size(), d.get("id").asInt());
            poolText.add(d.get("text").asText());
            poolVec.add(vector(d.get("vector")));
        }
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : lines(out)) {
            rows.put(row.get("query").asText(), row);
        }
        Map<String, List<JsonNode>> excl = new HashMap<>();
        for (JsonNode e : exclusions(out)) {
            if (e.hasNonNull("query")) {
                excl.computeIfAbsent(e.get("query").asText(), x -> new ArrayList<>())
                        .add(e);
            }
        }
        int checked = 0;
        int nearTies = 0;
        int withRow = 0;
        int inconsistentPairs = 0;
        for (JsonNode q : lines(out.resolve("vectors/queries"))) {
            String query = q.get("query").asText();
            long[] pids = new long[q.get("positive_ids").size()];
            for (int i = 0; i < pids.length; i++) {
                pids[i] = q.get("positive_ids").get(i).asLong();
            }
            Expected e = expect(vector(q.get("vector")), query, pids, poolText, poolVec, rules);
            JsonNode row = rows.get(query);
            List<String> gotNeg = row == null ? List.of() : strings(row.get("neg"));
            List<Integer> gotRanks = new ArrayList<>();
            if (row != null) {
                row.get("neg_rank").forEach(x -> gotRanks.add(x.asInt()));
            }
            Map<String, Long> gotInconsistent = new HashMap<>();
            boolean gotNoNegative = false;
            for (JsonNode x : excl.getOrDefault(query, List.of())) {
                if (x.get("reason").asText().equals("inconsistent")) {
                    gotInconsistent.put(x.get("pos").asText(), x.get("rank").asLong());
                } else if (x.get("reason").asText().equals("no-negative")) {
                    gotNoNegative = true;
                }
            }
            boolean same = e.neg().equals(gotNeg)
                    && e.ranks().equals(gotRanks)
                    && e.inconsistent().equals(gotInconsistent)
                    && (row == null) == (e.neg().isEmpty())
                    && gotNoNegative == (!e.kept().isEmpty() && e.neg().isEmpty())
                    && (row == null
                            || strings(row.get("pos"))
                                    .equals(e.kept().stream().sorted().toList()));
            checked++;
            nearTies += e.nearTie() ? 1 : 0;
            assertTrue(
                    same,
                    "query '" + query + "': expected " + e + ", got row " + row + " and exclusions " + excl.get(query));
            withRow += row == null ? 0 : 1;
            inconsistentPairs += gotInconsistent.size();
        }
        System.out.printf(
                Locale.ROOT,
                "brute force: %d queries checked (%d with a row, %d inconsistent pairs), %d "
                        + "within 1e-5 of another score or a threshold (all matched)%n",
                checked,
                withRow,
                inconsistentPairs,
                nearTies);
        assertEquals(result.queries(), checked);
        assertTrue(checked >= 150, "checked " + checked);
        assertTrue(withRow > checked / 4, "too few rows: " + withRow);
        if (rules.k() > 0) {
            assertTrue(inconsistentPairs > 0, "the consistency filter should remove some pairs");
        }
    }

    private static float[] vector(JsonNode v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v.get(i).asDouble();
        }
        return f;
    }

    private static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(x -> l.add(x.asText()));
        return l;
    }

    private static Path firstPart(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<JsonNode> exclusions(Path out) throws IOException {
        return lines(out.resolve("exclusions"));
    }

    private static List<JsonNode> lines(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().matches("part-\\d{5}\\.jsonl"))
                    .sorted()
                    .toList();
        }
        for (Path p : parts) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
