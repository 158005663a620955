package io.github.gtespark.prep.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.prep.LocalSpark;
import io.github.gtespark.prep.PrepareCorpusCommandLine;
import io.github.gtespark.prep.clean.TextCleaner;
import io.github.gtespark.prep.config.EvaluationSetSpec;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import io.github.gtespark.prep.step.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeduplicationTest {

    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static PrepareCorpusSettings settings;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("DeduplicationTest");
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        settings = PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(new String[] {
            "--source", "a=jsonl:/a", "--source", "b=jsonl:/b", "--source", "sym=jsonl:/c#pair-type=symmetric"
        }));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static PairRecord pair(int source, int line, String q, String d) {
        return new PairRecord(
                RecordId.of(source, 0, line, 0), source, settings.source(source).name(), q, d, PairRecord.NO_NEGATIVES);
    }

    /** Two partitions, no tokenizer. */
    private static StepContext ctx() {
        return new StepContext(jsc, 2, null, System.out::println);
    }

    /** id -> reason ("kept" for kept pairs) */
    private static Map<Long, String> outcome(List<Outcome> out) {
        Map<Long, String> m = new TreeMap<>();
        for (Outcome o : out) {
            m.put(
                    o.isKept() ? o.kept().id() : o.excluded().id(),
                    o.isKept() ? "kept" : o.excluded().reason());
        }
        return m;
    }

    private static String longText(String variant) {
        StringBuilder sb = new StringBuilder();
        String[] words = ("this package provides the command line tools and the shared library needed to read write "
                        + "and convert image files in many formats including png jpeg tiff and webp with color management "
                        + "support and a small set of filters for scaling rotation and cropping of large images")
                .split(" ");
        for (String w : words) {
            sb.append(w).append(' ');
        }
        return sb.append(variant).toString();
    }

    @Test
    void exactDuplicatesWithinAndAcrossSourcesKeepTheSmallestId() {
        List<PairRecord> pairs = List.of(
                pair(0, 5, "How to brew lager", "Ferment cold for weeks."),
                pair(0, 2, "how to brew LAGER", "ferment cold for weeks."), // same normalized pair, smaller id
                pair(1, 1, "How to brew lager", "Ferment cold for weeks."), // other source, larger id
                pair(0, 3, "How to brew lager", "Another answer entirely."),
                pair(2, 1, "left text", "right text"),
                pair(2, 2, "right text", "left text")); // symmetric: same pair
        Map<Long, String> r = outcome(new ExactPairDeduplicator(settings.sources())
                .apply(jsc.parallelize(pairs, 2), ctx())
                .collect());
        assertEquals("kept", r.get(RecordId.of(0, 0, 2, 0)));
        assertEquals(ExclusionReason.DUPLICATE_EXACT, r.get(RecordId.of(0, 0, 5, 0)));
        assertEquals(ExclusionReason.DUPLICATE_EXACT, r.get(RecordId.of(1, 0, 1, 0)));
        assertEquals("kept", r.get(RecordId.of(0, 0, 3, 0)));
        assertEquals("kept", r.get(RecordId.of(2, 0, 1, 0)));
        assertEquals(ExclusionReason.DUPLICATE_EXACT, r.get(RecordId.of(2, 0, 2, 0)));
    }

    @Test
    void nearDuplicateDocumentsWithinAndAcrossSources() {
        List<PairRecord> pairs = new ArrayList<>();
        pairs.add(pair(0, 10, "image tools", longText("end")));
        pairs.add(pair(0, 11, "image tools (doc)", longText("done"))); // near duplicate, same source
        pairs.add(pair(1, 3, "imaging", longText("finish"))); // near duplicate, other source
        pairs.add(pair(1, 4, "imaging library", longText("end").toUpperCase())); // identical after normalization
        pairs.add(
                pair(0, 12, "beer", "Brewing beer at home requires malt, hops, yeast, water and patience for weeks."));
        pairs.add(pair(
                0,
                13,
                "lager",
                "Lager is fermented with bottom-fermenting yeast at cold temperatures for a long time."));
        for (int i = 0; i < 40; i++) {
            pairs.add(pair(
                    1,
                    100 + i,
                    "q" + i,
                    "unrelated document number " + i + " talks about topic " + (i * 7919) + " with words "
                            + Integer.toHexString(i * 31337) + " and more " + (i * i)));
        }
        Map<Long, String> r = outcome(new NearDuplicateDocumentFilter(settings.nearDedupHashing())
                .apply(jsc.parallelize(pairs, 2), ctx())
                .collect());
        assertEquals(pairs.size(), r.size(), "every pair has exactly one outcome");
        assertEquals("kept", r.get(RecordId.of(0, 0, 10, 0)));
        assertEquals(ExclusionReason.NEAR_DUPLICATE, r.get(RecordId.of(0, 0, 11, 0)));
        assertEquals(ExclusionReason.NEAR_DUPLICATE, r.get(RecordId.of(1, 0, 3, 0)));
        assertEquals(ExclusionReason.NEAR_DUPLICATE, r.get(RecordId.of(1, 0, 4, 0)));
        assertEquals("kept", r.get(RecordId.of(0, 0, 12, 0)));
        assertEquals("kept", r.get(RecordId.of(0, 0, 13, 0)));
        assertEquals(
                40,
                r.entrySet().stream()
                        .filter(e -> RecordId.source(e.getKey()) == 1
                                && RecordId.line(e.getKey()) >= 100
                                && e.getValue().equals("kept"))
                        .count());
    }

    @Test
    void decontaminationAgainstStsBenchmarkDev() {
        EvaluationSetSpec stsb = new EvaluationSetSpec(
                "stsb-dev",
                List.of(LocalSpark.sharedData()
                        .resolve("stsb/sts-dev.csv")
                        .toAbsolutePath()
                        .toString()),
                List.of(5, 6));
        EvaluationSetReader reader = new EvaluationSetReader(List.of(stsb), jsc.hadoopConfiguration());
        assertEquals(3000, reader.texts().size());
        ContaminationIndex index =
                new ContaminationIndex(reader.texts(), reader.setNames(), settings.decontaminationHashing());
        TextCleaner cleaner = new TextCleaner();
        String sentence = "A man with a hard hat is dancing.";
        assertTrue(index.match(cleaner.clean(sentence)) != null, "verbatim");
        assertTrue(index.match(cleaner.clean("a man with a HARD hat is dancing")) != null, "case and punctuation");
        String longer = "A young child is riding a horse today."; // dev: "A young child is riding a horse."
        assertTrue(index.match(cleaner.clean(longer)) != null, "near duplicate");
        assertNull(index.match("The package provides a command line tool for converting images between formats."));

        List<PairRecord> pairs = List.of(
                pair(0, 1, "Who is dancing?", sentence),
                pair(0, 2, "a young child is riding a horse", "Children ride horses on farms."),
                pair(0, 3, "image converter", "The package provides a command line tool for converting images."));
        Map<Long, String> r = outcome(new Decontaminator(List.of(stsb), settings.decontaminationHashing())
                .apply(jsc.parallelize(pairs, 2), ctx())
                .collect());
        assertEquals(ExclusionReason.CONTAMINATED, r.get(RecordId.of(0, 0, 1, 0)));
        assertEquals(ExclusionReason.CONTAMINATED, r.get(RecordId.of(0, 0, 2, 0)));
        assertEquals("kept", r.get(RecordId.of(0, 0, 3, 0)));
    }
}
