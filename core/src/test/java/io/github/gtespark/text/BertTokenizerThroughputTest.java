package io.github.gtespark.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single-thread throughput of {@link BertTokenizer#encode} on real text, printed (word pieces per second, texts
 * per second, characters per second; by wall clock and by the thread's CPU time, which a loaded machine distorts
 * less), not asserted: timing depends on the machine. Short texts: STSb sentences
 * at max length 128; long texts: all Debian synopses and descriptions at max length 512 and untruncated
 * ({@link BertTokenizer#tokenCount}). The assertion is that repeated passes give identical ids (checksum).
 */
class BertTokenizerThroughputTest {

    private static final int PASSES = 3;

    @Test
    void reportsTokensPerSecond() {
        BertTokenizer tokenizer = BertTokenizer.bertBaseUncased();
        List<String> sentences = RealTextSamples.stsb();
        List<String> documents = RealTextSamples.debian(0);
        measure("STSb sentences, encode(text, 128)", tokenizer, sentences, 128);
        measure("Debian texts, encode(text, 512)", tokenizer, documents, 512);
        measure("Debian texts, tokenCount (untruncated)", tokenizer, documents, 0);
    }

    private static void measure(String what, BertTokenizer tokenizer, List<String> texts, int maxLength) {
        long chars = 0;
        for (String t : texts) {
            chars += t.length();
        }
        long firstChecksum = run(tokenizer, texts, maxLength); // warm-up
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long pieces = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            long checksum = run(tokenizer, texts, maxLength);
            long elapsed = System.nanoTime() - start;
            bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - startCpu);
            assertEquals(firstChecksum, checksum, "tokenization is not deterministic");
            best = Math.min(best, elapsed);
        }
        for (String t : texts) {
            pieces += maxLength > 0 ? tokenizer.encode(t, maxLength).length - 2 : tokenizer.tokenCount(t);
        }
        assertTrue(pieces > texts.size(), what + ": implausibly few pieces: " + pieces);
        double seconds = best / 1e9;
        double cpuSeconds = bestCpu / 1e9;
        System.out.printf(
                "throughput %s: %d texts, %d pieces; wall %.0f ms (best of %d) -> %.0f pieces/s, %.0f texts/s,"
                        + " %.1f M chars/s; thread CPU %.0f ms -> %.0f pieces/s, %.0f texts/s%n",
                what,
                texts.size(),
                pieces,
                best / 1e6,
                PASSES,
                pieces / seconds,
                texts.size() / seconds,
                chars / seconds / 1e6,
                bestCpu / 1e6,
                pieces / cpuSeconds,
                texts.size() / cpuSeconds);
    }

    private static long run(BertTokenizer tokenizer, List<String> texts, int maxLength) {
        long checksum = 0;
        for (String t : texts) {
            if (maxLength > 0) {
                for (int id : tokenizer.encode(t, maxLength)) {
                    checksum = checksum * 31 + id;
                }
            } else {
                checksum = checksum * 31 + tokenizer.tokenCount(t);
            }
        }
        return checksum;
    }
}
