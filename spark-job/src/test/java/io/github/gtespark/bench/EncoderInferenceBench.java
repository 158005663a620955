package io.github.gtespark.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gtespark.model.PretrainedModel;
import io.github.gtespark.model.PretrainedModels;
import io.github.gtespark.model.TextEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference-throughput benchmark (a {@code main}, not a unit test): the DL4J encoder graph of
 * {@link TextEmbedder} for all-MiniLM-L6-v2 against ONNX Runtime (Java, intra-op threads 2) running the same ONNX
 * file, on real text: STS Benchmark dev sentences (short) and PubMedQA contexts (long, truncated at 256 tokens).
 *
 * <p>Both engines get exactly the same batches: texts tokenised once with the model's tokenizer, sorted by length,
 * cut into batches of 32 ({@code -Dgte.bench.batch=B} for another size) and each batch padded to its own longest text. DL4J runs the graph exactly as
 * {@code TextEmbedder} does per batch (float ids + mask, {@code graph.output(false, ...)}, mean pooling and L2
 * normalisation inside the graph); ONNX Runtime gets int64 {@code input_ids}/{@code attention_mask}/
 * {@code token_type_ids} and its {@code last_hidden_state} is mean-pooled (masked) and L2-normalised in Java; both
 * timings include building the inputs and copying out the embeddings. The engines alternate batch by batch (A B,
 * B A, ...) so that the load of the shared machine hits both alike; warm-up rounds are not counted. Per round it
 * records sentences per wall second and per process CPU second ({@code /proc/self/stat}, all threads, native
 * included) and the 1-minute load average; it prints medians, the ratio of medians and the median of the per-round
 * ratios, and the max |diff| between the two engines' embeddings (exit status 1 when above 1e-4: a broken run is not
 * a result).
 *
 * <p>Usage: {@code EncoderInferenceBench [rounds] [warmupRounds] [stsSentences] [pubmedContexts] [profileBatches]};
 * {@code profileBatches > 0} then times every graph vertex of the DL4J forward pass on that many batches of each
 * workload, prints the time per vertex type, and stack-samples the forward pass (time per line of the layer code).
 */
public final class EncoderInferenceBench {

    private static final String MODEL = "all-minilm-l6-v2";
    private static final int BATCH = Integer.getInteger("gte.bench.batch", 32);
    private static final int LONG_MAX_TOKENS = 256;
    private static final double MAX_ABS_DIFF = 1e-4;

    private EncoderInferenceBench() {}

    /** One workload: its padded batches of token ids (same for both engines). */
    private record Workload(String name, List<List<int[]>> batches, int sentences, int realTokens, int paddedTokens) {}

    /** One engine's measurement over one workload in one round. */
    private record Sample(double wallSeconds, double cpuSeconds, float[][] embeddings) {}

    private interface Engine {
        float[][] embed(List<int[]> batch) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        // before ND4J loads: which native build this JVM runs (-Dgte.nd4j.variant, default auto), printed
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int stsCount = args.length > 2 ? Integer.parseInt(args[2]) : 320;
        int pubmedCount = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int profileBatches = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (rounds < 1 || warmup < 0 || stsCount < 1 || pubmedCount < 1 || profileBatches < 0) {
            throw new IllegalArgumentException("usage: EncoderInferenceBench [rounds >= 1] [warmupRounds >= 0] "
                    + "[stsSentences >= 1] [pubmedContexts >= 1] [profileBatches >= 0]");
        }
        Path data = Paths.get(System.getProperty("gte.shared.data", "../shared/data"));

        long t0 = System.nanoTime();
        TextEmbedder embedder =
                io.github.gtespark.encoders.EncoderSource.embedder(MODEL, new Configuration(), 512, BATCH);
        ComputationGraph graph = embedder.graph();
        System.out.printf(
                Locale.ROOT,
                "model %s loaded into DL4J in %.1f s; ND4J backend %s, OMP_NUM_THREADS=%s, " + "OMP_WAIT_POLICY=%s%n",
                MODEL,
                (System.nanoTime() - t0) / 1e9,
                Nd4j.getBackend().getClass().getSimpleName(),
                System.getenv("OMP_NUM_THREADS"),
                System.getenv("OMP_WAIT_POLICY"));

        List<Workload> workloads = List.of(
                workload("stsb-dev", stsSentences(data.resolve("stsb/sts-dev.csv"), stsCount), embedder, 512),
                workload(
                        "pubmedqa",
                        pubmedContexts(data.resolve("pubmedqa/ori_pqal.json"), pubmedCount),
                        embedder,
                        LONG_MAX_TOKENS));
        for (Workload w : workloads) {
            int minLen = w.batches().stream()
                    .flatMap(List::stream)
                    .mapToInt(x -> x.length)
                    .min()
                    .orElse(0);
            int maxLen = w.batches().stream()
                    .flatMap(List::stream)
                    .mapToInt(x -> x.length)
                    .max()
                    .orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "workload %s: %d texts, %d batches of <= %d, %d..%d tokens, %d real / %d " + "padded tokens%n",
                    w.name(),
                    w.sentences(),
                    w.batches().size(),
                    BATCH,
                    minLen,
                    maxLen,
                    w.realTokens(),
                    w.paddedTokens());
        }

        PretrainedModel desc = PretrainedModels.describe(MODEL);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = EncoderInferenceBench.class.getClassLoader().getResourceAsStream(desc.onnxResource())) {
            if (in == null) {
                throw new IllegalStateException("ONNX resource " + desc.onnxResource() + " not on the classpath ("
                        + desc.mavenArtifact() + ")");
            }
            onnx = in.readAllBytes();
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(onnx, options)) {
                System.out.printf(
                        Locale.ROOT,
                        "ONNX Runtime %s, intra-op threads 2, graph optimisation ALL; " + "inputs %s%n",
                        env.getVersion(),
                        session.getInputNames());
                Map<String, Engine> engines = new LinkedHashMap<>();
                engines.put("dl4j", batch -> dl4jEmbed(graph, batch));
                engines.put("ort", batch -> ortEmbed(env, session, batch));
                boolean ok = run(engines, workloads, rounds, warmup);
                if (profileBatches > 0) {
                    for (Workload w : workloads) {
                        profileDl4j(graph, w, profileBatches);
                    }
                }
                if (!ok) {
                    System.out.println("FAILED: embeddings of the two engines disagree");
                    System.exit(1);
                }
            }
        }
    }

    private static boolean run(Map<String, Engine> engines, List<Workload> workloads, int rounds, int warmup)
            throws Exception {
        List<String> names = new ArrayList<>(engines.keySet());
        // samples[workload][engine] -> per measured round
        Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
        List<Double> loads = new ArrayList<>();
        for (Workload w : workloads) {
            Map<String, List<Sample>> m = new LinkedHashMap<>();
            names.forEach(n -> m.put(n, new ArrayList<>()));
            samples.put(w.name(), m);
        }
        long start = System.currentTimeMillis();
        for (int r = 0; r < warmup + rounds; r++) {
            boolean measured = r >= warmup;
            List<String> order = new ArrayList<>(names);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            double load = loadAverage();
            if (measured) {
                loads.add(load);
            }
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%s %d (load %.2f):",
                    measured ? "round" : "warm-up",
                    measured ? r - warmup + 1 : r + 1,
                    load));
            for (Workload w : workloads) {
                Map<String, Sample> round = measure(engines, order, w);
                for (String engine : names) {
                    Sample s = round.get(engine);
                    if (measured) {
                        samples.get(w.name()).get(engine).add(s);
                    }
                    line.append(String.format(
                            Locale.ROOT,
                            " %s/%s %.1f s/s (%.2f s wall, %.2f s cpu)",
                            w.name(),
                            engine,
                            w.sentences() / s.wallSeconds(),
                            s.wallSeconds(),
                            s.cpuSeconds()));
                }
            }
            System.out.println(line);
        }
        double endLoad = loadAverage();
        loads.add(endLoad);
        System.out.printf(
                Locale.ROOT,
                "%d measured rounds in %.0f s; 1-min load average over the run: min %.2f, " + "median %.2f, max %.2f%n",
                rounds,
                (System.currentTimeMillis() - start) / 1e3,
                loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                median(loads),
                loads.stream().mapToDouble(Double::doubleValue).max().orElse(0));

        boolean ok = true;
        System.out.println("| workload | dl4j sent/s (median) | ORT sent/s (median) | ratio of medians | median of "
                + "per-round ratios (min-max) | dl4j sent/CPU-s | ORT sent/CPU-s | CPU ratio | max abs diff |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Workload w : workloads) {
            List<Sample> a = samples.get(w.name()).get("dl4j");
            List<Sample> b = samples.get(w.name()).get("ort");
            List<Double> aRate = new ArrayList<>();
            List<Double> bRate = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> aCpu = new ArrayList<>();
            List<Double> bCpu = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                aRate.add(w.sentences() / a.get(i).wallSeconds());
                bRate.add(w.sentences() / b.get(i).wallSeconds());
                ratios.add(aRate.get(i) / bRate.get(i));
                aCpu.add(w.sentences() / Math.max(a.get(i).cpuSeconds(), 0.01));
                bCpu.add(w.sentences() / Math.max(b.get(i).cpuSeconds(), 0.01));
            }
            double maxDiff = maxAbsDiff(
                    a.get(a.size() - 1).embeddings(), b.get(b.size() - 1).embeddings());
            ok &= maxDiff <= MAX_ABS_DIFF;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.2f | %.2f (%.2f-%.2f) | %.1f | %.1f | %.2f " + "| %.2g |%n",
                    w.name(),
                    median(aRate),
                    median(bRate),
                    median(aRate) / median(bRate),
                    median(ratios),
                    ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    median(aCpu),
                    median(bCpu),
                    median(aCpu) / median(bCpu),
                    maxDiff);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT workload=%s dl4j=%.2f ort=%.2f ratio=%.3f pairedRatio=%.3f " + "maxAbsDiff=%.3g%n",
                    w.name(),
                    median(aRate),
                    median(bRate),
                    median(aRate) / median(bRate),
                    median(ratios),
                    maxDiff);
        }
        return ok;
    }

    /**
     * One round over a workload, interleaved batch by batch: every batch goes through both engines back to back
     * (the order flips from batch to batch), so that both see the same load; per engine the summed wall and CPU time.
     */
    private static Map<String, Sample> measure(Map<String, Engine> engines, List<String> order, Workload w)
            throws Exception {
        Map<String, float[][]> out = new HashMap<>();
        Map<String, double[]> times = new HashMap<>();
        for (String e : order) {
            out.put(e, new float[w.sentences()][]);
            times.put(e, new double[2]);
        }
        int k = 0;
        for (int i = 0; i < w.batches().size(); i++) {
            List<int[]> batch = w.batches().get(i);
            List<String> batchOrder = new ArrayList<>(order);
            if (i % 2 == 1) {
                java.util.Collections.reverse(batchOrder);
            }
            for (String e : batchOrder) {
                double cpu0 = processCpuSeconds();
                long t0 = System.nanoTime();
                float[][] emb = engines.get(e).embed(batch);
                long t1 = System.nanoTime();
                double cpu1 = processCpuSeconds();
                times.get(e)[0] += (t1 - t0) / 1e9;
                times.get(e)[1] += cpu1 - cpu0;
                System.arraycopy(emb, 0, out.get(e), k, emb.length);
            }
            k += batch.size();
        }
        Map<String, Sample> result = new HashMap<>();
        for (String e : order) {
            result.put(e, new Sample(times.get(e)[0], times.get(e)[1], out.get(e)));
        }
        return result;
    }

    /** The DL4J forward pass of one batch, as {@code TextEmbedder} runs it. */
    private static float[][] dl4jEmbed(ComputationGraph graph, List<int[]> batch) {
        INDArray[] in = dl4jInputs(graph, batch);
        INDArray emb = graph.output(false, new INDArray[] {in[0]}, new INDArray[] {in[1]})[0];
        return rows(emb);
    }

    private static INDArray[] dl4jInputs(ComputationGraph graph, List<int[]> batch) {
        int rows = batch.size();
        int width = width(batch);
        float[] ids = new float[rows * width];
        float[] mask = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int[] seq = batch.get(r);
            for (int t = 0; t < seq.length; t++) {
                ids[r * width + t] = seq[t];
                mask[r * width + t] = 1f;
            }
        }
        DataType dt = graph.params().dataType();
        return new INDArray[] {
            Nd4j.create(ids, new long[] {rows, width}, 'c').castTo(dt),
            Nd4j.create(mask, new long[] {rows, width}, 'c').castTo(dt)
        };
    }

    private static float[][] rows(INDArray emb) {
        float[] flat = emb.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int dim = (int) emb.size(1);
        float[][] out = new float[(int) emb.size(0)][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * dim, (r + 1) * dim);
        }
        return out;
    }

    /** ONNX Runtime on one padded batch; masked mean pooling and L2 normalisation of last_hidden_state. */
    private static float[][] ortEmbed(OrtEnvironment env, OrtSession session, List<int[]> batch) throws OrtException {
        int rows = batch.size();
        int width = width(batch);
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            int[] seq = batch.get(r);
            for (int t = 0; t < seq.length; t++) {
                ids[r * width + t] = seq[t];
                mask[r * width + t] = 1;
            }
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (session.getInputNames().contains("attention_mask")) {
                inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            if (session.getInputNames().contains("token_type_ids")) {
                long[] types = new long[rows * width];
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result res = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) res.get(0);
                long[] hs = hidden.getInfo().getShape();
                int dim = (int) hs[2];
                FloatBuffer h = hidden.getFloatBuffer();
                float[][] out = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    int len = batch.get(r).length;
                    float[] pooled = new float[dim];
                    for (int t = 0; t < len; t++) {
                        int base = (r * width + t) * dim;
                        for (int d = 0; d < dim; d++) {
                            pooled[d] += h.get(base + d);
                        }
                    }
                    double norm = 0;
                    for (int d = 0; d < dim; d++) {
                        pooled[d] /= len;
                        norm += (double) pooled[d] * pooled[d];
                    }
                    float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
                    for (int d = 0; d < dim; d++) {
                        pooled[d] *= inv;
                    }
                    out[r] = pooled;
                }
                return out;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Times every vertex of the DL4J forward pass (the same computation as {@code graph.output}, vertex by vertex in
     * topological order) on the first {@code batches} batches of a workload, after one untimed pass, and prints the
     * total per vertex type.
     */
    private static void profileDl4j(ComputationGraph graph, Workload w, int batches) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        double total = 0;
        int sentences = 0;
        List<List<int[]>> chosen =
                w.batches().subList(0, Math.min(batches, w.batches().size()));
        for (int pass = 0; pass < 2; pass++) {
            for (List<int[]> batch : chosen) {
                INDArray[] in = dl4jInputs(graph, batch);
                graph.setLayerMaskArrays(new INDArray[] {in[1]}, null);
                GraphVertex[] vertices = graph.getVertices();
                INDArray[] acts = new INDArray[vertices.length];
                LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
                for (int idx : graph.topologicalSortOrder()) {
                    GraphVertex v = vertices[idx];
                    if (v.isInputVertex()) {
                        acts[idx] = in[0];
                        continue;
                    }
                    VertexIndices[] from = v.getInputVertices();
                    for (int i = 0; i < from.length; i++) {
                        v.setInput(i, acts[from[i].getVertexIndex()], mgr);
                    }
                    long t0 = System.nanoTime();
                    acts[idx] = v.doForward(false, mgr);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (pass == 1) {
                        String type = v.hasLayer()
                                ? v.getLayer().getClass().getSimpleName()
                                : v.getClass().getSimpleName();
                        seconds.merge(type, s, Double::sum);
                        total += s;
                    }
                }
                graph.clearLayerMaskArrays();
                graph.clearLayersStates();
                if (pass == 1) {
                    sentences += batch.size();
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "DL4J time per vertex type, %s, %d batches (%d texts), %.2f s in all:%n",
                w.name(),
                chosen.size(),
                sentences,
                total);
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "PROFILE workload=%s vertex=%s seconds=%.3f share=%.1f%%%n",
                    w.name(),
                    e.getKey(),
                    e.getValue(),
                    100 * e.getValue() / total);
        }
        sampleDl4j(graph, chosen, w.name());
    }

    /**
     * Stack sampling of the DL4J forward pass (every 5 ms, from a second thread): each sample is attributed to the
     * innermost frame in the encoder's layer code (which line of the block: which matmul, softmax, LayerNorm, ...)
     * and to the leaf frame (usually the native ND4J call), printed as {@code Class.method:line->leaf}. The forward
     * pass spends its time in native code, where a Java stack sample is exact about the calling line.
     */
    private static void sampleDl4j(ComputationGraph graph, List<List<int[]>> batches, String name) {
        Thread worker = Thread.currentThread();
        Map<String, Integer> byLine = new HashMap<>();
        Map<String, Integer> byLeaf = new HashMap<>();
        int[] total = {0};
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (running.get()) {
                        StackTraceElement[] st = worker.getStackTrace();
                        String line = null;
                        for (StackTraceElement e : st) {
                            if (e.getClassName().startsWith("io.github.gtespark.model.layers.")) {
                                line = e.getClassName()
                                                .substring(e.getClassName().lastIndexOf('.') + 1) + "."
                                        + e.getMethodName() + ":" + e.getLineNumber();
                                break;
                            }
                        }
                        if (line != null && running.get()) {
                            StackTraceElement leaf = st[0];
                            String leafName = leaf.getClassName()
                                            .substring(leaf.getClassName().lastIndexOf('.') + 1) + "."
                                    + leaf.getMethodName();
                            byLine.merge(line + "->" + leafName, 1, Integer::sum);
                            byLeaf.merge(leafName, 1, Integer::sum);
                            total[0]++;
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "dl4j-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (List<int[]> batch : batches) {
            dl4jEmbed(graph, batch);
        }
        running.set(false);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf(Locale.ROOT, "DL4J stack samples in the encoder layers, %s: %d%n", name, total[0]);
        byLine.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(20)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "SAMPLE workload=%s line=%s share=%.1f%%%n",
                        name,
                        e.getKey(),
                        100.0 * e.getValue() / total[0]));
        byLeaf.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(8)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "SAMPLE workload=%s leaf=%s share=%.1f%%%n",
                        name,
                        e.getKey(),
                        100.0 * e.getValue() / total[0]));
    }

    private static Workload workload(String name, List<String> texts, TextEmbedder embedder, int maxTokens) {
        List<int[]> ids = new ArrayList<>();
        for (String t : texts) {
            ids.add(embedder.tokenizer().encode(t, maxTokens));
        }
        ids.sort((x, y) -> Integer.compare(y.length, x.length));
        List<List<int[]>> batches = new ArrayList<>();
        int real = 0;
        int padded = 0;
        for (int s = 0; s < ids.size(); s += BATCH) {
            List<int[]> b = ids.subList(s, Math.min(ids.size(), s + BATCH));
            batches.add(b);
            padded += b.size() * width(b);
            real += b.stream().mapToInt(x -> x.length).sum();
        }
        return new Workload(name, batches, ids.size(), real, padded);
    }

    /** Distinct sentences from the STS Benchmark file (TAB separated, sentences in fields 6 and 7). */
    private static List<String> stsSentences(Path file, int count) throws IOException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length < 7) {
                continue;
            }
            for (int i = 5; i <= 6 && out.size() < count; i++) {
                if (!f[i].isBlank()) {
                    out.add(f[i].trim());
                }
            }
            if (out.size() >= count) {
                break;
            }
        }
        if (out.size() < count) {
            throw new IllegalStateException(
                    file + " has only " + out.size() + " distinct sentences, " + count + " asked");
        }
        return new ArrayList<>(out);
    }

    /** PubMedQA PQA-L contexts, each entry's CONTEXTS joined by spaces. */
    private static List<String> pubmedContexts(Path file, int count) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode entry : root) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode c : entry.path("CONTEXTS")) {
                sb.append(c.asText()).append(' ');
            }
            out.add(sb.toString().trim());
            if (out.size() >= count) {
                return out;
            }
        }
        throw new IllegalStateException(file + " has only " + out.size() + " entries, " + count + " asked");
    }

    private static int width(List<int[]> batch) {
        return batch.stream().mapToInt(x -> x.length).max().orElseThrow();
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int d = 0; d < a[i].length; d++) {
                m = Math.max(m, Math.abs(a[i][d] - b[i][d]));
            }
        }
        return m;
    }

    private static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(
                Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+")[0]);
    }

    /** User + system CPU time of this process, all threads (native ones included), from /proc/self/stat. */
    private static double processCpuSeconds() throws IOException {
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after "pid (comm) ": state=0, ..., utime=11, stime=12 (clock ticks, 100 per second on Linux)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
