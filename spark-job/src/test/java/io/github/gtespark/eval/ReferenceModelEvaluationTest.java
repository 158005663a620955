package io.github.gtespark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluators on the repository's demo sets with an independent reference model (all-MiniLM-L6-v2 under
 * ONNX Runtime): checks that the whole evaluation path yields the figures this model is known for.
 */
class ReferenceModelEvaluationTest {

    @TempDir
    static Path work;

    private static OnnxMiniLmEncoder model;

    @BeforeAll
    static void loadModel() {
        model = new OnnxMiniLmEncoder(work);
    }

    @AfterAll
    static void closeModel() throws Exception {
        model.close();
    }

    @Test
    void stsBenchmarkDevSample() throws IOException {
        Path file = SharedData.repoRoot().resolve("spark-job/demo-eval/stsb-dev-500.tsv");
        StsDataset data;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            data = StsDatasetReader.readAutoDetected(r, file.toString());
        }
        StsResult result =
                new StsEvaluator(new BatchingEncoder(model, 32, EncodingProgress.to(System.err))).evaluate(data);
        System.out.println("reference all-MiniLM-L6-v2 (ONNX Runtime) on stsb-dev-500: spearman=" + result.spearman());
        assertEquals(500, result.pairs());
        // 0.8632 measured with this reference (the model scores 0.8203 on the STSb test split)
        assertEquals(0.8632, result.spearman(), 0.002);
    }

    @Test
    void pubMedQaRetrievalSubset() throws IOException {
        // 20 questions over 30 abstracts (the 20 relevant ones + 10 distractors): abstracts are long, keep it small
        Path dir = work.resolve("pubmedqa-20");
        PubMedQaToBeir.convert(SharedData.file("pubmedqa/ori_pqal.json").toString(), dir.toString(), 20, 30);
        BeirDataset data = BeirDatasetReader.read(dir.toString(), "test");
        RetrievalResult r =
                new RetrievalEvaluator(new BatchingEncoder(model, 32, EncodingProgress.to(System.err))).evaluate(data);
        System.out.println("reference all-MiniLM-L6-v2 (ONNX Runtime) on pubmedqa 20/30: " + r);
        assertEquals(20, r.queriesEvaluated());
        assertEquals(30, r.documents());
        // one relevant document per query: recall@100 over 30 documents is 1, nDCG between MRR and 1
        assertEquals(1.0, r.recallAt100(), 0);
        assertTrue(r.ndcgAt10() > 0.85 && r.ndcgAt10() >= r.mrrAt10(), r.toString());
    }
}
