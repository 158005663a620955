package io.github.gtespark.prep.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gtespark.prep.LocalSpark;
import io.github.gtespark.prep.clean.TextCleaner;
import io.github.gtespark.prep.dedup.TextHash;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.TokenizedPair;
import io.github.gtespark.text.BertTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TokenizeStepTest {

    private static final BertTokenizer TOKENIZER = BertTokenizer.bertBaseUncased();

    @Test
    void prefixEncodingEqualsFullEncodingOnRealTexts() throws IOException {
        TextCleaner cleaner = new TextCleaner();
        int checked = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(
                        Files.newInputStream(LocalSpark.repoRoot().resolve("data-prep/demo-corpus/pubmedqa.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null && checked < 150; line = r.readLine(), checked++) {
                String text = cleaner.clean(line);
                for (int max : new int[] {2, 5, 16, 128, 512}) {
                    assertArrayEquals(
                            TOKENIZER.encode(text, max), TokenizeStep.encode(TOKENIZER, text, max), "max " + max);
                }
            }
        }
        assertEquals(150, checked);
        // words that produce no word pieces (a lone combining accent is stripped) must not shorten the result
        String tricky = "\u0301 \u0301 \u0301 \u0301 a b c d e f";
        assertArrayEquals(TOKENIZER.encode(tricky, 6), TokenizeStep.encode(TOKENIZER, tricky, 6));
    }

    @Test
    void tokenizedPairCarriesIdsAndHashes() {
        PairRecord p =
                new PairRecord(5, 0, "s", "What is a hop?", "A hop is a flower.", new String[] {"Lager is beer."});
        TokenizedPair t = TokenizeStep.tokenize(p, TOKENIZER, 6);
        assertEquals(6, t.docIds().length);
        assertEquals(TOKENIZER.clsId(), t.queryIds()[0]);
        assertEquals(TOKENIZER.sepId(), t.queryIds()[t.queryIds().length - 1]);
        assertEquals(1, t.negIds().length);
        assertEquals(TextHash.ofNormalized("what is a hop?"), t.queryHash());
        assertEquals(TextHash.ofNormalized("Lager is beer."), t.negHashes()[0]);
    }
}
