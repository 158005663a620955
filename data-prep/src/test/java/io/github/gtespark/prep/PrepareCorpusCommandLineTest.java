package io.github.gtespark.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.prep.config.PairType;
import io.github.gtespark.prep.config.PrepareCorpusSettings;
import io.github.gtespark.prep.config.SourceFormat;
import io.github.gtespark.prep.config.SourceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareCorpusCommandLineTest {

    @Test
    void sourceOptionsBuildTheConfiguration() {
        Config c = PrepareCorpusCommandLine.parse(new String[] {
            "--source",
            "snli=jsonl:hdfs://nn:8020/data/snli/*.jsonl.gz",
            "--source",
            "debian=tsv:d.tsv.gz#header=true,query=synopsis,doc=description,weight=2",
            "--source",
            "beer=stackexchange:/dumps/beer/Posts.xml#pairs=title-body",
            "--output",
            "hdfs://nn:8020/corpus",
            "--alpha",
            "0.3",
            "--batch-size",
            "64",
            "--seed",
            "9",
            "--target-pairs",
            "1000",
            "--max-length",
            "256",
            "clean.min-chars=10"
        });
        PrepareCorpusSettings s = PrepareCorpusSettings.from(c);
        assertEquals("hdfs://nn:8020/corpus", s.output());
        assertEquals(0.3, s.alpha());
        assertEquals(64, s.batchSize());
        assertEquals(9, s.seed());
        assertEquals(1000, s.targetPairs());
        assertEquals(256, s.maxLength());
        assertEquals(10, s.clean().minChars());
        SourceSpec snli = s.source(0);
        assertEquals(SourceFormat.JSONL, snli.format());
        assertEquals(List.of("hdfs://nn:8020/data/snli/*.jsonl.gz"), snli.paths());
        assertEquals("query", snli.queryField());
        assertEquals("pos", snli.docField());
        assertEquals("neg", snli.negField());
        SourceSpec debian = s.source(1);
        assertTrue(debian.header());
        assertEquals("synopsis", debian.queryField());
        assertEquals(2.0, debian.weight());
        assertEquals(PairType.ASYMMETRIC, debian.pairType());
        assertFalse(debian.hasNegatives());
        assertEquals(List.of(SourceSpec.TITLE_BODY), s.source(2).stackExchangePairs());
    }

    @Test
    void configFileWithOverridesAndRelativePaths() {
        String conf = LocalSpark.repoRoot().resolve("conf/prepare-corpus.conf").toString();
        PrepareCorpusSettings s = PrepareCorpusSettings.from(
                PrepareCorpusCommandLine.parse(new String[] {"--conf", conf, "base-dir=/repo", "batch-size=16"}));
        assertEquals(16, s.batchSize());
        assertEquals(128, s.maxLength());
        assertEquals("/repo/target/corpus/pretrain", s.output());
        assertEquals(
                List.of("/repo/data-prep/demo-corpus/debian-descriptions.tsv.gz"),
                s.source(0).paths());
        assertTrue(s.decontamination());
    }

    @Test
    void scoreOptionsOfASource() {
        PrepareCorpusSettings s = PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(new String[] {
            "--source", "stsb=tsv:/d/sts-train.csv#query=5,doc=6,score=4,score-min=0,score-max=5",
            "--source", "pairs=jsonl:/d/p.jsonl#score=label",
            "--source", "plain=jsonl:/d/q.jsonl"
        }));
        SourceSpec stsb = s.source(0);
        assertTrue(stsb.hasScore());
        assertEquals("4", stsb.scoreField());
        assertEquals(0.0, stsb.scoreMin());
        assertEquals(5.0, stsb.scoreMax());
        assertEquals("[0.0, 5.0]", stsb.scoreRange());
        SourceSpec pairs = s.source(1);
        assertEquals("label", pairs.scoreField());
        assertEquals("any finite number", pairs.scoreRange(), "default: no bounds");
        assertEquals(Double.NEGATIVE_INFINITY, pairs.scoreMin());
        assertFalse(s.source(2).hasScore());
        String conf =
                LocalSpark.repoRoot().resolve("conf/prepare-corpus-sts.conf").toString();
        SourceSpec shipped = PrepareCorpusSettings.from(
                        PrepareCorpusCommandLine.parse(new String[] {"--conf", conf, "base-dir=/repo"}))
                .source(0);
        assertEquals("4", shipped.scoreField());
        assertEquals("[0.0, 5.0]", shipped.scoreRange());
    }

    @Test
    void badScoreOptionsAreClearErrors() {
        for (String[] bad : new String[][] {
            {"x=tsv:/a#score=4,score-min=5,score-max=0", "score-min (5.0) must be <= score-max (0.0)"},
            {"x=parquet:/a#score=s", "score applies to tsv and jsonl sources, not parquet"},
            {"x=jsonl:/a#score-max=3", "score-min/score-max need a score column"},
            {"x=tsv:/a#score=gold", "TSV without header needs a 0-based column number for score"},
            {"x=tsv:/a#score=4,score-min=low", "score-min"}
        }) {
            Exception e = assertThrows(
                    Exception.class,
                    () -> PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(new String[] {"--source", bad[0]})),
                    bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThrows(ConfigurationException.class, () -> PrepareCorpusCommandLine.parse(new String[0]));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusCommandLine.parse(new String[] {"--source", "nocolon"}));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusCommandLine.parse(new String[] {"--source", "x=csv:/a"}));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusCommandLine.parse(new String[] {"--source", "x=jsonl:/a", "batch-sise=3"}));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusCommandLine.parse(new String[] {"--source", "x=jsonl:/a", "--bogus", "1"}));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusSettings.from(
                        PrepareCorpusCommandLine.parse(new String[] {"--source", "x=jsonl:/a", "--alpha", "2"})));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusSettings.from(PrepareCorpusCommandLine.parse(
                        new String[] {"--source", "x=jsonl:/a", "--source", "x=tsv:/b"})));
        assertThrows(
                ConfigurationException.class,
                () -> PrepareCorpusSettings.from(
                        PrepareCorpusCommandLine.parse(new String[] {"--source", "x=tsv:/a#query=title"})),
                "TSV without header needs column numbers");
    }
}
