package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.StageConfigLoader;
import io.github.gtespark.train.metrics.MetricsLog;
import io.github.gtespark.train.spark.SyncTimings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark (not a test): throughput of the distributed gradient-cached step on local[2] for a BERT of the
 * all-MiniLM-L6-v2 shape (6 layers, hidden 384, 12 heads, intermediate 1536, vocabulary 30522; random weights: the
 * cost does not depend on them), and the split of each averaging round into worker compute and the rest (reading
 * the round's batches, broadcasting parameters + optimizer state, tree-aggregating and averaging them).
 *
 * <pre>java -cp ... io.github.gtespark.train.TrainingThroughputBench [N] [L] [chunk] [averagingFrequency] [rounds]</pre>
 *
 * Synthetic shards with full-length sequences (every token real). Prints one line per round and a summary that
 * excludes the first (warm-up) round, then the Spark timeline of the training ({@link JobTimeline}): every job with
 * its call site, its tasks' run, deserialisation and result-serialisation times and result sizes, and the driver-only
 * gaps between jobs (broadcast creation before a training job, averaging after it).
 */
public final class TrainingThroughputBench {

    private TrainingThroughputBench() {}

    public static void main(String[] args) throws Exception {
        // before ND4J loads: which native build this JVM runs (-Dgte.nd4j.variant, default auto), printed
        System.out.println("# "
                + io.github.gtespark.device.NativeVariantSelection.selectForThisJvm()
                        .describe());
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int l = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int freq = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path dir = Files.createTempDirectory("gte-bench");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("train-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        JobTimeline timeline = new JobTimeline();
        try {
            FullLengthShards.write(spark, dir.resolve("data"), 2 * freq * rounds, n, l, 30522, 5);
            Config config = StageConfigLoader.load(
                    null,
                    List.of(
                            "data.uri=" + dir.resolve("data").toUri(),
                            "output.uri=" + dir.resolve("run").toUri(),
                            "model.init=random",
                            "model.random.max-positions=512",
                            "train.workers=2",
                            "train.averaging-frequency=" + freq,
                            "train.steps=" + (freq * rounds),
                            "train.max-length=" + l,
                            "train.chunk-size=" + chunk,
                            "train.warmup-steps=1",
                            "train.learning-rate=1e-4"),
                    StageSettings.DEFAULTS_RESOURCE);
            spark.sparkContext().addSparkListener(timeline);
            List<SyncTimings> sync = new ArrayList<>();
            StageOutcome outcome = new StageTrainer(
                            spark,
                            ProductionComponents.forStage(
                                    StageSettings.from(config),
                                    spark.sparkContext().hadoopConfiguration()))
                    .addListener(new StageListener() {
                        @Override
                        public void onRoundEnd(StageProgress progress) {
                            sync.add(progress.lastRound().sync());
                        }
                    })
                    .run(config, false);
            List<Map<String, Object>> train = new ArrayList<>();
            for (Map<String, Object> r :
                    MetricsLog.read(outcome.metricsUri(), spark.sparkContext().hadoopConfiguration())) {
                if ("train".equals(r.get("type"))) {
                    train.add(r);
                }
            }
            double pairs = 0;
            double wall = 0;
            double compute = 0;
            double data = 0;
            for (int i = 0; i < train.size(); i++) {
                Map<String, Object> r = train.get(i);
                double rw = ((Number) r.get("round_seconds")).doubleValue();
                double rc = ((Number) r.get("compute_seconds")).doubleValue();
                double rp = ((Number) r.get("pairs")).doubleValue();
                double rd = ((Number) r.get("data_seconds")).doubleValue();
                System.out.printf(
                        "round %d: %.0f pairs, %.2f s wall = %.2f s data + %.2f s slowest-worker compute + "
                                + "%.2f s synchronisation (broadcast, task results, averaging of parameters + Adam state), "
                                + "%.2f pairs/s%n",
                        i + 1, rp, rw, rd, rc, rw - rc - rd, rp / rw);
                if (i < sync.size()) {
                    SyncTimings t = sync.get(i);
                    System.out.printf(
                            "  sync %d: broadcast %.2f s, worker graph prepare max %.2f s (%d/%d reused), "
                                    + "result build max %.2f s, training job %.2f s (minus compute: %.2f s), "
                                    + "averaging on the driver %.2f s%n",
                            i + 1,
                            t.broadcastNanos() / 1e9,
                            t.maxPrepareNanos() / 1e9,
                            t.reusedGraphs(),
                            t.workers().size(),
                            t.maxResultNanos() / 1e9,
                            t.trainingJobNanos() / 1e9,
                            t.trainingJobNanos() / 1e9 - rc,
                            t.averagingNanos() / 1e9);
                }
                if (i > 0) {
                    pairs += rp;
                    wall += rw;
                    compute += rc;
                    data += rd;
                }
            }
            System.out.printf(
                    "SUMMARY N=%d L=%d chunk=%d averaging-frequency=%d workers=2 rounds=%d (first excluded): "
                            + "%.2f pairs/s; per round %.2f s wall = %.2f s data + %.2f s compute + %.2f s synchronisation "
                            + "(%.1f%%)%n",
                    n,
                    l,
                    chunk,
                    freq,
                    train.size() - 1,
                    pairs / wall,
                    wall / (train.size() - 1),
                    data / (train.size() - 1),
                    compute / (train.size() - 1),
                    (wall - compute - data) / (train.size() - 1),
                    100 * (wall - compute - data) / wall);
            timeline.print();
        } finally {
            spark.stop();
        }
    }

    /** Records the jobs of the run (call site, start, end) and the metrics of their tasks. */
    static final class JobTimeline extends SparkListener {

        private record Job(int id, String callSite, long start, List<Integer> stages) {}

        private record Task(
                int stage,
                long launch,
                long finish,
                long gettingResult,
                long deserializeMs,
                long runMs,
                long resultSerializationMs,
                long resultBytes) {}

        private final List<Job> jobs = new CopyOnWriteArrayList<>();
        private final Map<Integer, Long> jobEnds = new ConcurrentHashMap<>();
        private final List<Task> tasks = new CopyOnWriteArrayList<>();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            String site = e.stageInfos().isEmpty() ? "?" : e.stageInfos().last().name();
            List<Integer> stages = new ArrayList<>();
            scala.collection.Iterator<Object> it = e.stageIds().iterator();
            while (it.hasNext()) {
                stages.add((Integer) it.next());
            }
            jobs.add(new Job(e.jobId(), site, e.time(), stages));
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            jobEnds.put(e.jobId(), e.time());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            TaskInfo i = e.taskInfo();
            TaskMetrics m = e.taskMetrics();
            tasks.add(new Task(
                    e.stageId(),
                    i.launchTime(),
                    i.finishTime(),
                    i.gettingResultTime(),
                    m == null ? 0 : m.executorDeserializeTime(),
                    m == null ? 0 : m.executorRunTime(),
                    m == null ? 0 : m.resultSerializationTime(),
                    m == null ? 0 : m.resultSize()));
        }

        void print() {
            System.out.println("TIMELINE (ms from the first job; gap = driver-only time since the previous job ended)");
            long origin = jobs.isEmpty() ? 0 : jobs.get(0).start();
            long previousEnd = origin;
            for (Job j : jobs) {
                long end = jobEnds.getOrDefault(j.id(), j.start());
                long maxRun = 0;
                long maxDeser = 0;
                long maxSer = 0;
                long maxBytes = 0;
                long maxFetch = 0;
                long lastTaskFinish = j.start();
                int n = 0;
                for (Task t : tasks) {
                    if (j.stages().contains(t.stage())) {
                        n++;
                        maxRun = Math.max(maxRun, t.runMs());
                        maxDeser = Math.max(maxDeser, t.deserializeMs());
                        maxSer = Math.max(maxSer, t.resultSerializationMs());
                        maxBytes = Math.max(maxBytes, t.resultBytes());
                        if (t.gettingResult() > 0) {
                            maxFetch = Math.max(maxFetch, t.finish() - t.gettingResult());
                        }
                        lastTaskFinish = Math.max(lastTaskFinish, t.finish());
                    }
                }
                System.out.printf(
                        "job %3d %-60s start %8d gap %6d wall %7d | %d tasks: run max %6d, deserialize max %5d, "
                                + "result serialise max %5d, result %7.1f MB, result fetch max %5d, job end - last task %5d%n",
                        j.id(),
                        j.callSite(),
                        j.start() - origin,
                        j.start() - previousEnd,
                        end - j.start(),
                        n,
                        maxRun,
                        maxDeser,
                        maxSer,
                        maxBytes / 1e6,
                        maxFetch,
                        end - lastTaskFinish);
                previousEnd = end;
            }
        }
    }
}
