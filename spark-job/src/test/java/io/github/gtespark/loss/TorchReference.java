package io.github.gtespark.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs {@code scripts/reference/contrastive_loss_reference.py} (PyTorch autograd, float64) with Debian's system
 * interpreter {@code /usr/bin/python3} and python3-torch. Without torch the calling test fails when the environment
 * variable {@code CI} is set and is skipped (with the reason) otherwise.
 */
public final class TorchReference {
    public static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    record Result(double loss, double[][] dQueries, double[][] dDocs, double[][] dNegatives, String torchVersion) {}

    private TorchReference() {}

    public static void requireTorch() {
        String why = null;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = PYTHON + " cannot import torch: " + out.trim();
            }
        } catch (IOException | InterruptedException e) {
            why = "cannot run " + PYTHON + ": " + e;
        }
        if (why != null) {
            String message =
                    why + " (install Debian's python3-torch: apt-get install -y python3-torch libopenblas0-pthread)";
            if (System.getenv("CI") != null) {
                Assertions.fail("CI is set, the PyTorch parity reference is required: " + message);
            }
            Assumptions.abort("PyTorch parity reference skipped: " + message);
        }
    }

    /**
     * Runs {@code command} (an interpreter, a script of scripts/reference and its arguments) and fails the calling
     * test, with the script's output, when it does not end with exit status 0 within {@code timeoutSeconds}.
     */
    public static void runScript(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assertions.assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), command.get(1) + " timed out");
        Assertions.assertEquals(0, p.exitValue(), command.get(1) + " failed: " + log);
    }

    /** The script {@code name} of scripts/reference in the repository the tests run from. */
    public static Path referenceScript(String name) {
        Path script = Path.of(System.getProperty("gte.repo.root", "."), "scripts", "reference", name);
        Assertions.assertTrue(Files.isRegularFile(script), "missing " + script);
        return script;
    }

    /** One loss evaluation for the reference script; {@code queryQuery, docQuery, docDoc}: the improved loss's extra terms. */
    record Case(
            String kind,
            double temperature,
            boolean negativesInDocumentTerm,
            boolean queryQuery,
            boolean docQuery,
            boolean docDoc,
            LossCase batch) {
        Case(String kind, double temperature, boolean negativesInDocumentTerm, LossCase batch) {
            this(kind, temperature, negativesInDocumentTerm, true, true, true, batch);
        }
    }

    /** Runs all cases in one Python process (importing torch takes seconds). */
    static List<Result> run(List<Case> cases) throws Exception {
        requireTorch();
        Path script = referenceScript("contrastive_loss_reference.py");
        Path dir = Files.createTempDirectory("loss-ref");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        List<Path> outputs = new ArrayList<>();
        for (int n = 0; n < cases.size(); n++) {
            Case k = cases.get(n);
            LossCase c = k.batch();
            Path in = dir.resolve("case" + n + ".json");
            Path out = dir.resolve("result" + n + ".json");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("loss", k.kind());
            json.put("temperature", k.temperature());
            json.put("negativesInDocumentTerm", k.negativesInDocumentTerm());
            json.put("queryQuery", k.queryQuery());
            json.put("docQuery", k.docQuery());
            json.put("docDoc", k.docDoc());
            json.put("queries", c.queries);
            json.put("docs", c.docs);
            json.put("negatives", c.negatives);
            json.put("k", c.k);
            json.put("queryHashes", c.queryHashes);
            json.put("docHashes", c.docHashes);
            json.put("negativeHashes", c.negativeHashes);
            json.put("negativePresent", c.negativePresent);
            if (c.scores != null) {
                json.put("scores", c.scores);
            }
            JSON.writeValue(in.toFile(), json);
            command.add(in.toString());
            command.add(out.toString());
            outputs.add(out);
        }
        runScript(command, 300);
        List<Result> results = new ArrayList<>();
        for (Path out : outputs) {
            JsonNode r = JSON.readTree(out.toFile());
            results.add(new Result(
                    r.get("loss").asDouble(),
                    matrix(r.get("dQueries")),
                    matrix(r.get("dDocs")),
                    matrix(r.get("dNegatives")),
                    r.get("torch").asText()));
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        return results;
    }

    private static double[][] matrix(JsonNode node) {
        double[][] out = new double[node.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = node.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).asDouble();
            }
        }
        return out;
    }

    /**
     * The largest absolute difference between PyTorch's {@code expected} and Java's {@code actual}, asserting each
     * element within 1e-6 (named {@code what} in the failure).
     */
    static double assertWithin1e6(double[][] expected, INDArray actual, String what) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double diff = Math.abs(expected[i][j] - actual.getDouble(i, j));
                worst = Math.max(worst, diff);
                assertTrue(
                        diff <= 1e-6,
                        what + "[" + i + "," + j + "]: torch " + expected[i][j] + " java " + actual.getDouble(i, j));
            }
        }
        return worst;
    }
}
