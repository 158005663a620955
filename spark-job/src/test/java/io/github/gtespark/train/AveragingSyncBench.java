package io.github.gtespark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.train.data.BatchSchedule;
import io.github.gtespark.train.data.ContrastiveBatchAssembler;
import io.github.gtespark.train.data.SequencePadding;
import io.github.gtespark.train.data.ShardBatchSource;
import io.github.gtespark.train.data.ShardManifest;
import io.github.gtespark.train.spark.ContrastiveTrainingMaster;
import io.github.gtespark.train.spark.DistributedRoundRunner;
import io.github.gtespark.train.spark.RoundResult;
import io.github.gtespark.train.spark.StepRecord;
import io.github.gtespark.train.spark.SyncTimings;
import io.github.gtespark.train.spark.WorkerSyncRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): the synchronisation of one averaging round on a Spark cluster, through the training job's
 * own path: {@link ContrastiveTrainingMaster} builds the round's {@code ModelBroadcast} (parameters + AdamW state,
 * serialised in bulk), each worker task reads it and assigns it to its pooled graph, runs a {@link SyncOnlyStep}
 * (no forward or backward pass: the compute is nil, so the round is synchronisation only), returns its parameters
 * and state as an {@code AveragingSum}, which Spark serialises into the block store; {@code PartitionOrderedSum}
 * sums the partials in partition order (executor levels at the master's aggregation depth, then the driver pulls the
 * rest one at a time) and the master averages into the driver's graph. The rounds are run by
 * {@link DistributedRoundRunner} on tiny synthetic shards (N = 2 pairs of 8 tokens per worker and step: the data
 * time is measured and reported apart).
 *
 * <pre>
 * java ... -Dspark.master=spark://HOST:PORT [-Dspark.serializer=...] [-Dspark.broadcast.compress=false] \
 *     io.github.gtespark.train.AveragingSyncBench --label NAME --workers W --rounds R --depth D --out FILE.jsonl \
 *     --work-dir DIR [--executors E (wait for them)] [--model NAME] [stage key=value ...]
 * </pre>
 *
 * The stage keys choose the encoder exactly as a training stage does ({@code model.init}, {@code model.name},
 * {@code model.random.*}); it is built by {@link ProductionComponents}, its optimizer configured by them (AdamW),
 * and its AdamW state filled with seeded random values of AdamW's magnitude (a fresh state is all zeros, which
 * compression would shrink unlike a real one; no step reads it here). Spark settings come from {@code -Dspark.*}
 * system properties; the job's own defaults ({@link TrainStageJob#RESULT_TRANSFER_DEFAULTS}, the executors' ND4J
 * threads) apply unless given.
 *
 * <p>Appends one JSON object per round to the output file (the first round flagged {@code warmup}: it builds the
 * workers' graphs and warms the JVMs) and one {@code memory} object at the end (peak resident memory of the driver
 * and of each executor). Each round's figures: the measured times of the master and the workers
 * ({@link SyncTimings}), and from Spark's listener the jobs of the round: the level-0 job (the workers' tasks, which
 * also serialise their results into the block store), the executor-level jobs and the driver's pulls.
 */
public final class AveragingSyncBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "averaging-sync-round-";

    private AveragingSyncBench() {}

    public static void main(String[] args) throws Exception {
        System.out.println("# " + NativeVariantSelection.selectForThisJvm().describe());
        Options o = Options.parse(args);
        SparkConf submitted = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("averaging-sync-" + o.label);
        if (!submitted.contains("spark.master")) {
            builder.master("local[2]");
        }
        Map<String, String> defaults = new TreeMap<>(TrainStageJob.RESULT_TRANSFER_DEFAULTS);
        defaults.putAll(TrainStageJob.executorEnvDefaults(submitted));
        defaults.put("spark.ui.enabled", "false");
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            if (!submitted.contains(d.getKey())) {
                builder.config(d.getKey(), d.getValue());
            }
        }
        SparkSession spark = builder.getOrCreate();
        Timeline timeline = new Timeline();
        spark.sparkContext().addSparkListener(timeline);
        try {
            run(spark, timeline, o);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, Timeline timeline, Options o) throws Exception {
        SparkContext sc = spark.sparkContext();
        Configuration hc = sc.hadoopConfiguration();
        awaitExecutors(sc, o.executors);
        Path work = Files.createDirectories(o.workDir).toAbsolutePath();
        Path data = work.resolve("data-" + o.label);
        int batches = o.workers * o.rounds;
        FullLengthShards.write(spark, data, batches, o.pairs, o.length, 30522, 17);
        List<String> keys = new ArrayList<>(o.stageKeys);
        keys.addAll(List.of(
                "data.uri=" + data.toUri(),
                "output.uri=" + work.resolve("run-" + o.label).toUri(),
                "train.workers=" + o.workers,
                "train.averaging-frequency=1",
                "train.steps=" + o.rounds,
                "train.max-length=" + o.length,
                "train.dynamic-padding=false",
                "train.warmup-steps=0"));
        Config config = StageConfigLoader.load(null, keys, StageSettings.DEFAULTS_RESOURCE);
        StageSettings s = StageSettings.from(config);
        StageComponents components = ProductionComponents.forStage(s, hc);
        ComputationGraph graph = components.encoders().create(s, hc);
        components.steps().configureOptimizer(graph, s, o.rounds);
        INDArray state = graph.getUpdater().getStateViewArray();
        Nd4j.getRandom().setSeed(o.seed);
        state.assign(Nd4j.randn(DataType.FLOAT, state.shape()).muli(1e-3));
        Nd4j.getExecutioner().commit();
        long params = graph.params().length();
        long stateBytes = params * graph.params().dataType().width()
                + state.length() * state.dataType().width();
        System.out.printf(
                Locale.ROOT,
                "# %s: %d parameters, %d optimizer values, %.1f MB per copy; %d workers, depth %d, %d rounds%n",
                o.label,
                params,
                state.length(),
                stateBytes / 1e6,
                o.workers,
                o.depth,
                o.rounds);

        ShardManifest manifest = ShardManifest.read(data.toUri().toString(), hc);
        ContrastiveTrainingMaster master = new ContrastiveTrainingMaster(o.workers, o.pairs, 1, new SyncOnlyStep());
        master.setAggregationDepth(o.depth);
        SparkComputationGraph sparkGraph = new SparkComputationGraph(sc, graph, master);
        ContrastiveBatchAssembler assembler = new ContrastiveBatchAssembler(
                o.pairs, SequencePadding.fixed(o.length), false, graph.params().dataType());
        DistributedRoundRunner runner = new DistributedRoundRunner(
                sparkGraph,
                master,
                new ShardBatchSource(spark, manifest, new BatchSchedule(manifest.batches(), o.workers), assembler));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("label", o.label);
        setting.put("model", o.model);
        setting.put("params", params);
        setting.put("state_bytes", stateBytes);
        setting.put("workers", o.workers);
        setting.put("depth", o.depth);
        setting.put("executors_requested", o.executors);
        setting.put("serializer", sc.getConf().get("spark.serializer", "org.apache.spark.serializer.JavaSerializer"));
        setting.put("broadcast_compress", sc.getConf().getBoolean("spark.broadcast.compress", true));
        setting.put("master", sc.master());
        setting.put("executor_memory", sc.getConf().get("spark.executor.memory", "1g"));
        for (int r = 0; r < o.rounds; r++) {
            ComputationGraph g = sparkGraph.getNetwork();
            float[][] before = sample(g);
            jsc.setJobGroup(GROUP + r, "averaging sync round " + r, false);
            RoundResult result = runner.run(r, 1);
            jsc.clearJobGroup();
            sc.listenerBus().waitUntilEmpty(60_000);
            float[][] after = sample(sparkGraph.getNetwork());
            Map<String, Object> line = new LinkedHashMap<>(setting);
            line.put("type", "round");
            line.put("round", r);
            line.put("warmup", r == 0);
            describe(line, result, timeline.jobsOf(GROUP + r), o.workers);
            double diff = maxRelativeDifference(before, after);
            line.put("check_max_rel_diff", diff);
            line.put("check_ok", diff <= 1e-5);
            line.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
            line.put("time", Instant.now().toString());
            append(o.out, line);
            System.out.printf(
                    Locale.ROOT,
                    "round %d%s: sync %.2f s (broadcast %.2f s / %.1f MB, read max %.2f s, level 0 %.2f s, "
                            + "levels + pulls + sums %.2f s, averaging %.2f s), compute %.3f s, data %.2f s, check %s%n",
                    r,
                    r == 0 ? " (warm-up)" : "",
                    (Double) line.get("sync_total_s"),
                    (Double) line.get("broadcast_build_s"),
                    ((Number) line.get("broadcast_bytes")).longValue() / 1e6,
                    (Double) line.get("broadcast_read_max_s"),
                    (Double) line.get("level0_job_s"),
                    (Double) line.get("transfer_sum_s"),
                    (Double) line.get("averaging_s"),
                    (Double) line.get("compute_max_s"),
                    (Double) line.get("data_s"),
                    diff <= 1e-5 ? "ok" : "FAILED (max relative difference " + diff + ")");
            if (diff > 1e-5) {
                throw new IllegalStateException("the averaged parameters differ from the broadcast ones by " + diff
                        + " (relative): the sum did not count every worker once");
            }
        }
        Map<String, Object> memory = new LinkedHashMap<>(setting);
        memory.put("type", "memory");
        memory.putAll(peakMemory(jsc));
        append(o.out, memory);
        System.out.println("# memory: " + JSON.writeValueAsString(memory));
    }

    /** The round's figures from the master, the workers and the round's Spark jobs (seconds unless named). */
    static void describe(Map<String, Object> line, RoundResult result, List<Job> jobs, int workers) {
        SyncTimings t = result.sync();
        double compute = result.computeNanos() / 1e9;
        double data = result.dataNanos() / 1e9;
        double wall = result.wallNanos() / 1e9;
        line.put("broadcast_bytes", t.broadcastBytes());
        line.put("broadcast_build_s", t.broadcastNanos() / 1e9);
        line.put("broadcast_read_max_s", t.maxBroadcastReadNanos() / 1e9);
        Map<Integer, WorkerSyncRecord> bySlot = new TreeMap<>();
        t.workers().forEach(w -> bySlot.put(w.workerSlot(), w));
        Map<Integer, Long> computeBySlot = result.records().stream()
                .collect(Collectors.groupingBy(StepRecord::workerSlot, Collectors.summingLong(StepRecord::nanos)));
        line.put("broadcast_read_s", seconds(bySlot.values(), WorkerSyncRecord::broadcastReadNanos));
        line.put(
                "graph_assign_s",
                bySlot.values().stream()
                        .map(w -> (w.prepareNanos() - w.broadcastReadNanos()) / 1e9)
                        .toList());
        line.put("graph_reused", t.reusedGraphs());
        line.put("result_build_s", seconds(bySlot.values(), WorkerSyncRecord::resultNanos));
        line.put("compute_max_s", compute);

        List<Job> levels =
                jobs.stream().filter(j -> j.name.startsWith("foreachPartition")).toList();
        List<Job> pulls = jobs.stream()
                .filter(j -> j.name.startsWith("collectPartitions"))
                .toList();
        Job level0 = levels.isEmpty() ? null : levels.get(0);
        double level0Wall = level0 == null ? Double.NaN : level0.wallSeconds();
        line.put("level0_job_s", level0Wall);
        if (level0 != null) {
            // what the worker task did besides preparing its graph, its (nil) step and its result: serialising the
            // result into the block store (the level is persisted) and the task's own overhead
            List<Double> serialise = new ArrayList<>();
            Map<String, Integer> perExecutor = new TreeMap<>();
            for (TaskEnd task : level0.successfulTasks()) {
                WorkerSyncRecord w = bySlot.get(task.index);
                if (w != null) {
                    long c = computeBySlot.getOrDefault(task.index, 0L);
                    serialise.add(task.runMs / 1e3 - (w.prepareNanos() + c + w.resultNanos()) / 1e9);
                }
                perExecutor.merge(task.executor, 1, Integer::sum);
            }
            line.put("result_serialise_s", serialise);
            line.put(
                    "level0_task_run_s",
                    level0.successfulTasks().stream().map(x -> x.runMs / 1e3).toList());
            line.put("executors", perExecutor.size());
            line.put(
                    "tasks_per_executor_max",
                    perExecutor.values().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(0));
        }
        List<Map<String, Object>> executorLevels = new ArrayList<>();
        double levelsWall = 0;
        for (Job j : levels.subList(Math.min(1, levels.size()), levels.size())) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("runs", j.successfulTasks().size());
            l.put("wall_s", j.wallSeconds());
            l.put(
                    "task_run_max_s",
                    j.successfulTasks().stream()
                            .mapToDouble(x -> x.runMs / 1e3)
                            .max()
                            .orElse(0));
            executorLevels.add(l);
            levelsWall += j.wallSeconds();
        }
        line.put("executor_levels", executorLevels);
        line.put("executor_levels_s", levelsWall);
        line.put("driver_pulls", pulls.size());
        line.put("pulls_s", pulls.stream().mapToDouble(Job::wallSeconds).sum());
        List<Map<String, Object>> pullDetails = new ArrayList<>();
        for (Job p : pulls) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("wall_s", p.wallSeconds());
            TaskEnd task =
                    p.successfulTasks().isEmpty() ? null : p.successfulTasks().get(0);
            if (task != null) {
                d.put("task_run_s", task.runMs / 1e3);
                d.put("result_serialise_s", task.resultSerialisationMs / 1e3);
                d.put("result_bytes", task.resultBytes);
                d.put("fetch_s", task.gettingResult > 0 ? (task.finish - task.gettingResult) / 1e3 : 0.0);
            }
            pullDetails.add(d);
        }
        line.put("pulls", pullDetails);
        double trainingJob = t.trainingJobNanos() / 1e9;
        line.put("training_job_s", trainingJob);
        // after the level-0 job: the executor levels, the pulls, and between the pulls the driver's additions
        line.put("transfer_sum_s", trainingJob - level0Wall);
        line.put("driver_between_jobs_s", trainingJob - level0Wall - levelsWall - wallSum(pulls));
        line.put("averaging_s", t.averagingNanos() / 1e9);
        line.put("data_s", data);
        line.put("wall_s", wall);
        line.put("sync_total_s", wall - data - compute);
        line.put(
                "jobs",
                jobs.stream()
                        .map(j -> Map.of(
                                "name",
                                j.name,
                                "wall_s",
                                j.wallSeconds(),
                                "tasks",
                                j.successfulTasks().size()))
                        .toList());
    }

    private static double wallSum(List<Job> pulls) {
        return pulls.stream().mapToDouble(Job::wallSeconds).sum();
    }

    private static List<Double> seconds(
            Collection<WorkerSyncRecord> records, java.util.function.ToLongFunction<WorkerSyncRecord> f) {
        return records.stream().map(r -> f.applyAsLong(r) / 1e9).toList();
    }

    /** Waits until {@code n} executors have registered (the level-0 tasks would otherwise crowd the first ones). */
    private static void awaitExecutors(SparkContext sc, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (sc.statusTracker().getExecutorInfos().length - 1 < n) { // the driver is listed too
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + (sc.statusTracker().getExecutorInfos().length - 1) + " of "
                        + n + " executors registered within 180 s");
            }
            Thread.sleep(250);
        }
    }

    /** Every 997th parameter and optimizer value (a spread sample), copied to the heap. */
    static float[][] sample(ComputationGraph g) {
        Nd4j.getExecutioner().commit();
        INDArray p = g.params();
        INDArray s = g.getUpdater().getStateViewArray();
        return new float[][] {sample(p), sample(s)};
    }

    private static float[] sample(INDArray a) {
        INDArray flat = a.reshape(a.length());
        int n = (int) Math.min(4096, (flat.length() + 996) / 997);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = flat.getFloat(i * 997L);
        }
        return out;
    }

    /** Largest |a - b| / max(|a|, 1e-6) over the samples. */
    static double maxRelativeDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                double d = Math.abs((double) a[k][i] - b[k][i]) / Math.max(Math.abs(a[k][i]), 1e-6);
                max = Math.max(max, d);
            }
        }
        return max;
    }

    /** Peak resident memory (VmHWM) of the driver and of each executor, in MB. */
    private static Map<String, Object> peakMemory(JavaSparkContext jsc) throws IOException {
        int executors = Math.max(1, jsc.sc().statusTracker().getExecutorInfos().length - 1);
        int tasks = 8 * executors;
        List<String> seen = jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                .map(i -> {
                    Thread.sleep(300); // spread the tasks over all executors
                    return SparkEnv.get().executorId() + "=" + peakRssMb();
                })
                .collect();
        Map<String, Long> byExecutor = new TreeMap<>();
        for (String s : seen) {
            String[] kv = s.split("=");
            byExecutor.merge(kv[0], Long.parseLong(kv[1]), Math::max);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver_peak_rss_mb", peakRssMb());
        m.put("executor_peak_rss_mb", byExecutor);
        m.put(
                "executors_peak_rss_sum_mb",
                byExecutor.values().stream().mapToLong(Long::longValue).sum());
        return m;
    }

    static long peakRssMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static synchronized void append(Path out, Map<String, Object> line) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(
                out,
                JSON.writeValueAsString(line) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Command-line options. */
    private record Options(
            String label,
            String model,
            int workers,
            int rounds,
            int depth,
            int executors,
            int pairs,
            int length,
            long seed,
            Path out,
            Path workDir,
            List<String> stageKeys) {

        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--") && i + 1 < args.length) {
                    o.put(args[i].substring(2), args[++i]);
                } else if (args[i].contains("=")) {
                    keys.add(args[i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Options(
                    o.getOrDefault("label", "run"),
                    o.getOrDefault("model", "custom"),
                    Integer.parseInt(o.getOrDefault("workers", "2")),
                    Integer.parseInt(o.getOrDefault("rounds", "3")),
                    Integer.parseInt(o.getOrDefault("depth", "2")),
                    Integer.parseInt(o.getOrDefault("executors", "0")),
                    Integer.parseInt(o.getOrDefault("pairs", "2")),
                    Integer.parseInt(o.getOrDefault("length", "8")),
                    Long.parseLong(o.getOrDefault("seed", "42")),
                    Path.of(o.getOrDefault("out", "target/averaging-sync/rounds.jsonl")),
                    Path.of(o.getOrDefault("work-dir", "target/averaging-sync/work")),
                    keys);
        }
    }

    /** A finished task of a job (times in ms since the epoch; metrics in ms and bytes). */
    record TaskEnd(
            int stage,
            int index,
            String executor,
            boolean successful,
            long launch,
            long finish,
            long gettingResult,
            long runMs,
            long resultSerialisationMs,
            long resultBytes) {}

    /** A job of the run: its group, the name of its final stage (Spark's call site), start, end and tasks. */
    static final class Job {
        final int id;
        final String group;
        final String name;
        final long start;
        final List<Integer> stages;
        volatile long end;
        final List<TaskEnd> tasks = new CopyOnWriteArrayList<>();

        Job(int id, String group, String name, long start, List<Integer> stages) {
            this.id = id;
            this.group = group;
            this.name = name;
            this.start = start;
            this.stages = stages;
        }

        double wallSeconds() {
            return (end - start) / 1e3;
        }

        /** Successful task attempts, by partition index. */
        List<TaskEnd> successfulTasks() {
            return tasks.stream()
                    .filter(TaskEnd::successful)
                    .sorted(Comparator.comparingInt(TaskEnd::index))
                    .toList();
        }
    }

    /** Records every job (group, final stage name, start, end) and its tasks' metrics. */
    static final class Timeline extends SparkListener {
        private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
        private final Map<Integer, Job> jobOfStage = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            List<Integer> stages = new ArrayList<>();
            String name = "?";
            int last = -1;
            scala.collection.Iterator<StageInfo> it = e.stageInfos().iterator();
            while (it.hasNext()) {
                StageInfo s = it.next();
                stages.add(s.stageId());
                if (s.stageId() > last) {
                    last = s.stageId();
                    name = s.name();
                }
            }
            String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
            Job job = new Job(e.jobId(), group, name, e.time(), stages);
            jobs.put(e.jobId(), job);
            stages.forEach(s -> jobOfStage.put(s, job));
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            Job j = jobs.get(e.jobId());
            if (j != null) {
                j.end = e.time();
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            Job j = jobOfStage.get(e.stageId());
            if (j == null) {
                return;
            }
            TaskInfo i = e.taskInfo();
            TaskMetrics m = e.taskMetrics();
            j.tasks.add(new TaskEnd(
                    e.stageId(),
                    i.index(),
                    i.executorId(),
                    i.successful(),
                    i.launchTime(),
                    i.finishTime(),
                    i.gettingResultTime(),
                    m == null ? 0 : m.executorRunTime(),
                    m == null ? 0 : m.resultSerializationTime(),
                    m == null ? 0 : m.resultSize()));
        }

        List<Job> jobsOf(String group) {
            return jobs.values().stream()
                    .filter(j -> group.equals(j.group))
                    .sorted(Comparator.comparingInt(j -> j.id))
                    .toList();
        }
    }
}
