package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubMedQaToBeirTest {

    @Test
    void convertsTheFullExpertLabelledSet(@TempDir Path out) throws IOException {
        String input = SharedData.file("pubmedqa/ori_pqal.json").toString();
        PubMedQaToBeir.Summary summary = PubMedQaToBeir.convert(input, out.toString(), 0, 0);
        assertEquals(new PubMedQaToBeir.Summary(1000, 1000), summary);

        BeirDataset ds = BeirDatasetReader.read(out.toString(), "test");
        assertEquals(1000, ds.corpus().size());
        assertEquals(1000, ds.queries().size());
        assertEquals(1000, ds.qrels().size());
        BeirQuery first = ds.queries().get(0);
        assertEquals("q21645374", first.id());
        assertEquals(
                "Do mitochondria play a role in remodelling lace plant leaves during programmed cell death?",
                first.text());
        assertEquals(Map.of("21645374", 1), ds.qrels().get("q21645374"));
        BeirDocument doc = ds.corpus().get(0);
        assertEquals("21645374", doc.id());
        assertEquals("", doc.title());
        assertTrue(doc.text()
                .startsWith("Programmed cell death (PCD) is the regulated death of cells within an organism."));
        assertTrue(
                doc.text().contains("less studied during PCD in plants. The following paper elucidates"), doc.text());
    }

    @Test
    void subsetKeepsEveryQueryPassageAndAddsDistractors(@TempDir Path out) throws IOException {
        String input = SharedData.file("pubmedqa/ori_pqal.json").toString();
        PubMedQaToBeir.convert(input, out.toString(), 20, 50);
        BeirDataset ds = BeirDatasetReader.read(out.toString(), "test");
        assertEquals(20, ds.queries().size());
        assertEquals(50, ds.corpus().size());
        for (int i = 0; i < 20; i++) {
            String pmid = ds.corpus().get(i).id();
            assertEquals(Map.of(pmid, 1), ds.qrels().get("q" + pmid));
        }
    }

    @Test
    void entryWithoutContextsIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bad.json");
        Files.writeString(
                json, "{\n \"1\": {\"QUESTION\": \"q?\", \"CONTEXTS\": [\"c\"]},\n \"2\": {\"QUESTION\": \"r?\"}\n}\n");
        MalformedDataException e = assertThrows(
                MalformedDataException.class,
                () -> PubMedQaToBeir.convert(json.toString(), dir.resolve("out").toString(), 0, 0));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().endsWith("entry 2: missing CONTEXTS"), e.getMessage());
    }
}
