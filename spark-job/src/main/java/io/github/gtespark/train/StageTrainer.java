package io.github.gtespark.train;

import com.typesafe.config.Config;
import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.config.ResolvedConfig;
import io.github.gtespark.fs.SuccessMarker;
import io.github.gtespark.loss.LossRegistry;
import io.github.gtespark.train.checkpoint.CheckpointListener;
import io.github.gtespark.train.checkpoint.CheckpointState;
import io.github.gtespark.train.checkpoint.CheckpointStore;
import io.github.gtespark.train.checkpoint.LoadedCheckpoint;
import io.github.gtespark.train.data.BatchSchedule;
import io.github.gtespark.train.data.ContrastiveBatchAssembler;
import io.github.gtespark.train.data.SequencePadding;
import io.github.gtespark.train.data.ShardBatchSource;
import io.github.gtespark.train.data.ShardManifest;
import io.github.gtespark.train.evaluation.EvaluationListener;
import io.github.gtespark.train.metrics.ChartListener;
import io.github.gtespark.train.metrics.MetricsLog;
import io.github.gtespark.train.metrics.ProgressListener;
import io.github.gtespark.train.settings.ModelSettings;
import io.github.gtespark.train.spark.ContrastiveTrainingMaster;
import io.github.gtespark.train.spark.DistributedRoundRunner;
import io.github.gtespark.train.spark.RoundResult;
import io.github.gtespark.train.spark.StepRecord;
import io.github.gtespark.train.step.TrainingStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training stage on Spark: reads the shard manifest, builds or restores the encoder, then repeats
 * averaging rounds ({@link DistributedRoundRunner}: {@code averaging-frequency} gradient-cached steps per worker,
 * then parameters and optimizer state averaged) until the stage's steps are done, calling the
 * {@link StageListener}s (progress/metrics, checkpoints, evaluation, export, chart) between rounds.
 *
 * <p>Global step, data position and random state: round {@code r} covers global steps
 * {@code [r*F, r*F+F)}; step {@code t} on worker slot {@code w} trains batch {@code (t*W+w) mod batches}
 * ({@link BatchSchedule}) and the worker receives {@code t} with the batch, which drives the learning-rate
 * schedule, Adam bias correction and the dropout seed (derived from seed and t by the step). A checkpoint therefore
 * only needs the step (plus parameters and optimizer state) to continue exactly where it stopped.
 */
public final class StageTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(StageTrainer.class);

    private final SparkSession spark;
    private final StageComponents components;
    private final List<StageListener> extraListeners = new ArrayList<>();

    public StageTrainer(SparkSession spark, StageComponents components) {
        this.spark = spark;
        this.components = components;
    }

    /** Adds a listener called after the built-in ones (e.g. to stop a test run after some step). */
    public StageTrainer addListener(StageListener listener) {
        extraListeners.add(listener);
        return this;
    }

    /**
     * Runs the stage described by {@code config} (loaded with the defaults of
     * {@link StageSettings#DEFAULTS_RESOURCE}).
     *
     * @param resume continue from the newest checkpoint in {@code output.uri/checkpoints} (a fresh start when there
     *               is none); without it an output directory that already has checkpoints is refused
     * @throws NonFiniteLossException when a step's loss or gradient is NaN or infinite
     */
    public StageOutcome run(Config config, boolean resume) throws IOException {
        StageSettings s = StageSettings.from(config);
        String configText = ResolvedConfig.render(config);
        String configSha = sha256(configText.getBytes(StandardCharsets.UTF_8));
        Configuration hc = spark.sparkContext().hadoopConfiguration();
        String out = s.outputUri().replaceAll("/+$", "");
        StageData data = readData(s, hc);
        CheckpointStore store =
                new CheckpointStore(out + "/checkpoints", hc, s.checkpoint().keepLast());

        StageStart start = start(s, data, store, out, configSha, resume, hc);
        if (!s.train().loss().matryoshkaDims().isEmpty()) {
            s.train()
                    .loss()
                    .checkHiddenSize(embeddingSize(start.graph(), s.train().maxLength())); // before any Spark job
        }
        SuccessMarker.remove(out, hc);
        ResolvedConfig.write(config, out, hc);
        Listeners listeners = listeners(s, data, start, store, out, configText, configSha, hc);
        return train(s, data, start, store, listeners, out, hc);
    }

    /** The shards of the stage, its batch size and schedule, and the number of global steps it runs. */
    private record StageData(ShardManifest manifest, int batchSize, BatchSchedule schedule, long totalSteps) {}

    /**
     * A loss that needs the gold score of every pair ({@code train.loss = cosent}) on shards whose manifest lists a
     * source without scores, or a {@code train.scored-loss} on shards without any scored source, is a one-line
     * configuration error.
     */
    static void checkScores(StageSettings s, ShardManifest manifest) {
        String scoredLoss = s.train().loss().scoredLoss();
        if (!scoredLoss.isEmpty()
                && manifest.unscoredSources().size() == manifest.sources().size()) {
            throw new ConfigurationException("train.scored-loss=" + scoredLoss + " trains the batches that carry gold "
                    + "scores, but data.uri=" + s.dataUri() + " has no scored source (prepare one with a score "
                    + "column: score = COLUMN in the source, or #score=COLUMN; or leave train.scored-loss empty)");
        }
        if (!LossRegistry.create(s.train().loss().spec()).needsScores() || manifest.scored()) {
            return;
        }
        String which = manifest.sources().isEmpty()
                ? "its manifest lists no scored source"
                : "source(s) " + String.join(", ", manifest.unscoredSources()) + " carry none";
        throw new ConfigurationException("train.loss=" + s.train().loss().name()
                + " needs a gold score for every pair, but in data.uri=" + s.dataUri() + " " + which
                + " (prepare the corpus with a score column: score = COLUMN in the source, or #score=COLUMN)");
    }

    private static StageData readData(StageSettings s, Configuration hc) throws IOException {
        ShardManifest manifest = ShardManifest.read(s.dataUri(), hc);
        checkScores(s, manifest);
        int n = s.train().batchSize() == 0 ? manifest.batchSize() : s.train().batchSize();
        if (n != manifest.batchSize()) {
            throw new ConfigurationException("train.batch-size=" + n + " but the shards in " + s.dataUri()
                    + " have batches of " + manifest.batchSize() + " (batches are formed by prepare-corpus; set 0)");
        }
        if (manifest.maxLength() > s.train().maxLength()) {
            throw new ConfigurationException("the shards were truncated to " + manifest.maxLength()
                    + " tokens but train.max-length is " + s.train().maxLength());
        }
        if (s.train().hardNegatives() && manifest.hardNegatives() == 0) {
            LOG.warn("[{}] train.hard-negatives=true but the manifest lists no hard negatives", s.stage());
        }
        BatchSchedule schedule = new BatchSchedule(manifest.batches(), s.train().workers());
        long total = s.train().steps() > 0
                ? s.train().steps()
                : schedule.stepsForEpochs(s.train().epochs());
        return new StageData(manifest, n, schedule, total);
    }

    /**
     * Where the stage starts: the graph and step, the metrics log, and for a fresh run started from a previous
     * stage's checkpoint, that checkpoint ({@code startModel}) and its run's metrics.
     */
    private record StageStart(
            ComputationGraph graph,
            long step,
            MetricsLog metrics,
            StartModel startModel,
            List<Map<String, Object>> previousRunMetrics) {}

    private StageStart start(
            StageSettings s,
            StageData data,
            CheckpointStore store,
            String out,
            String configSha,
            boolean resume,
            Configuration hc)
            throws IOException {
        Optional<String> latest = store.latest();
        if (resume && latest.isPresent()) {
            LoadedCheckpoint ck = CheckpointStore.load(latest.get(), hc);
            checkResumable(ck.state(), s, data.manifest(), configSha);
            long step = ck.state().step();
            LOG.info("[{}] resuming from {} at step {}/{}", s.stage(), latest.get(), step, data.totalSteps());
            return new StageStart(ck.graph(), step, MetricsLog.reopen(out, hc, s.stage(), step), null, List.of());
        }
        if (latest.isPresent()) {
            throw new IllegalStateException(out + " already holds checkpoints (newest " + latest.get()
                    + "): pass --resume to continue that run or choose another output.uri");
        }
        if (resume) {
            LOG.warn("[{}] --resume: no checkpoint in {}/checkpoints, starting at step 0", s.stage(), out);
        }
        StartModel start = startModel(s, hc);
        components.steps().configureOptimizer(start.graph(), s, data.totalSteps());
        MetricsLog metrics = MetricsLog.create(out, hc);
        List<Map<String, Object>> previousRunMetrics = List.of();
        if (start.checkpoint() != null) {
            // the run directory of the start checkpoint: <run>/checkpoints/step-N
            Path previousRun = new Path(start.checkpointUri()).getParent().getParent();
            previousRunMetrics = MetricsLog.read(new Path(previousRun, MetricsLog.FILE_NAME).toString(), hc);
            if (s.includePreviousMetrics()) {
                for (Map<String, Object> r : previousRunMetrics) {
                    if (!s.stage().equals(r.get("stage"))) {
                        metrics.append(r);
                    }
                }
            }
        }
        return new StageStart(start.graph(), 0, metrics, start, previousRunMetrics);
    }

    /** The stage's listeners in call order, and the ones whose results the outcome reports. */
    private record Listeners(
            List<StageListener> all,
            CheckpointListener checkpoints,
            EvaluationListener evaluation,
            ExportListener export,
            ChartListener chart) {}

    private Listeners listeners(
            StageSettings s,
            StageData data,
            StageStart start,
            CheckpointStore store,
            String out,
            String configText,
            String configSha,
            Configuration hc) {
        List<StageListener> all = new ArrayList<>();
        all.add(new ProgressListener(
                start.metrics(),
                LossRegistry.create(s.train().loss().spec()).label(),
                !s.train().loss().spec().scoredLoss().isEmpty()));
        CheckpointListener checkpoints = new CheckpointListener(
                store,
                s.checkpoint().intervalSteps(),
                p -> new CheckpointState(
                        s.stage(),
                        p.step(),
                        p.totalSteps(),
                        s.train().workers(),
                        data.schedule().batchesConsumed(p.step()),
                        s.train().seed(),
                        p.lastRound() == null ? Double.NaN : p.lastRound().lastLearningRate(),
                        p.lastRound() == null ? Double.NaN : p.lastRound().meanLoss(),
                        data.manifest().sha256(),
                        configSha),
                configText,
                components.checkpointFiles());
        all.add(checkpoints);
        EvaluationListener evaluation = null;
        if (components.evaluator() != null) {
            evaluation = new EvaluationListener(
                    components.evaluator(),
                    start.metrics(),
                    s.eval().intervalSteps(),
                    s.eval().atStart(),
                    s.eval().atEnd(),
                    s.eval().maxShare());
            StartModel startModel = start.startModel();
            if (startModel != null && startModel.checkpoint() != null) {
                CheckpointState ck = startModel.checkpoint();
                Optional<Map<String, Double>> known = evaluationOf(
                        start.previousRunMetrics(), ck, components.evaluator().settings());
                if (known.isPresent()) {
                    evaluation.useKnownBaseline(known.get(), ck.stage() + " step " + ck.step());
                }
            }
            all.add(evaluation);
        }
        ExportListener export = null;
        if (components.exporter() != null) {
            export = new ExportListener(components.exporter(), out, hc);
            all.add(export);
        }
        ChartListener chart = new ChartListener(start.metrics(), out, hc);
        all.add(chart);
        all.addAll(extraListeners);
        return new Listeners(all, checkpoints, evaluation, export, chart);
    }

    /** The averaging rounds from the start step to the last, the listeners called around them. */
    private StageOutcome train(
            StageSettings s,
            StageData data,
            StageStart start,
            CheckpointStore store,
            Listeners listeners,
            String out,
            Configuration hc)
            throws IOException {
        long total = data.totalSteps();
        ComputationGraph graph = start.graph();
        TrainingStep trainingStep = components.steps().create(s, total);
        ContrastiveTrainingMaster master = new ContrastiveTrainingMaster(
                s.train().workers(), data.batchSize(), s.train().averagingFrequency(), trainingStep);
        master.setAggregationDepth(s.train().aggregationDepth());
        SparkComputationGraph sparkGraph = new SparkComputationGraph(spark.sparkContext(), graph, master);
        SequencePadding padding = new SequencePadding(
                s.train().maxLength(), s.train().dynamicPadding(), s.train().padToMultipleOf());
        ContrastiveBatchAssembler assembler = new ContrastiveBatchAssembler(
                data.batchSize(),
                padding,
                s.train().hardNegatives(),
                graph.params().dataType());
        DistributedRoundRunner runner = new DistributedRoundRunner(
                sparkGraph, master, new ShardBatchSource(spark, data.manifest(), data.schedule(), assembler));

        LOG.info(
                "[{}] {} steps x {} workers x {} pairs, averaging every {} steps (sum tree depth {}), L={} ({}), chunk {}; "
                        + "data {} ({} batches)",
                s.stage(),
                total,
                s.train().workers(),
                data.batchSize(),
                s.train().averagingFrequency(),
                s.train().aggregationDepth(),
                s.train().maxLength(),
                padding.dynamic()
                        ? "each batch padded to its longest, multiple of " + padding.multipleOf()
                        : "every batch padded to L",
                s.train().chunkSize(),
                s.dataUri(),
                data.manifest().batches());
        long step = start.step();
        StageProgress progress = new StageProgress(s.stage(), step, total, sparkGraph.getNetwork(), null, Double.NaN);
        for (StageListener l : listeners.all()) {
            l.onStageStart(progress);
        }
        long sessionStartStep = step;
        long sessionNanos = 0;
        while (step < total) {
            int steps = (int) Math.min(s.train().averagingFrequency(), total - step);
            RoundResult round = runner.run(step, steps);
            checkRound(s, round, steps, store);
            step += steps;
            sessionNanos += round.wallNanos();
            double secondsPerStep = sessionNanos / 1e9 / (step - sessionStartStep);
            progress = new StageProgress(s.stage(), step, total, sparkGraph.getNetwork(), round, secondsPerStep);
            for (StageListener l : listeners.all()) {
                l.onRoundEnd(progress);
            }
        }
        // On local[*] the workers' pooled graphs live in this JVM: evaluation and export do not need them.
        io.github.gtespark.train.spark.WorkerGraphPool.shared().clear();
        for (StageListener l : listeners.all()) {
            l.onStageEnd(progress);
        }
        SuccessMarker.write(out, hc);
        ExportListener export = listeners.export();
        EvaluationListener evaluation = listeners.evaluation();
        LOG.info(
                "[{}] done: {} steps; checkpoint {}; model {}; chart {}",
                s.stage(),
                step,
                listeners.checkpoints().lastUri(),
                export == null ? "-" : export.modelDirUri(),
                listeners.chart().chartUri());
        return new StageOutcome(
                out,
                step,
                listeners.checkpoints().lastUri(),
                export == null ? null : export.modelDirUri(),
                listeners.chart().chartUri(),
                start.metrics().fileUri(),
                evaluation == null ? Map.of() : evaluation.last());
    }

    /**
     * The width of the encoder's embeddings: the columns of its output for one all-[PAD] row (a driver-side forward
     * pass of one sequence; works for any graph of the encoder contract, whatever built it).
     */
    private static long embeddingSize(ComputationGraph graph, int maxLength) {
        DataType type = graph.params().dataType();
        INDArray ids = Nd4j.zeros(type, 1, maxLength);
        INDArray mask = Nd4j.ones(type, 1, maxLength);
        long columns = graph.output(false, new INDArray[] {ids}, new INDArray[] {mask}, null)[0].columns();
        graph.clear();
        return columns;
    }

    /** The model a fresh run starts from; {@code checkpoint} (and its URI) when it is a previous run's checkpoint. */
    private record StartModel(ComputationGraph graph, String checkpointUri, CheckpointState checkpoint) {}

    private StartModel startModel(StageSettings s, Configuration hc) throws IOException {
        if (s.model().init() == ModelSettings.ModelInit.CHECKPOINT) {
            String uri = CheckpointStore.resolve(s.model().path(), hc);
            LoadedCheckpoint ck = CheckpointStore.load(uri, hc, false);
            LOG.info(
                    "[{}] starting from checkpoint {} (stage {}, step {}) with a fresh optimizer",
                    s.stage(),
                    uri,
                    ck.state().stage(),
                    ck.state().step());
            return new StartModel(components.encoders().fromCheckpoint(ck.graph(), s), uri, ck.state());
        }
        return new StartModel(components.encoders().create(s, hc), null, null);
    }

    /**
     * The previous run's evaluation of checkpoint {@code ck} with the same evaluation {@code settings} (the last one,
     * if several), so that this stage's baseline need not evaluate the same parameters again; empty when the
     * settings are unknown ("") or no such line exists.
     */
    private static Optional<Map<String, Double>> evaluationOf(
            List<Map<String, Object>> previousRunMetrics, CheckpointState ck, String settings) {
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> found = null;
        for (Map<String, Object> r : previousRunMetrics) {
            if ("eval".equals(r.get("type"))
                    && ck.stage().equals(r.get("stage"))
                    && r.get("step") instanceof Number n
                    && n.longValue() == ck.step()
                    && settings.equals(r.get("settings"))
                    && r.get("metrics") instanceof Map<?, ?> m) {
                Map<String, Double> figures = new LinkedHashMap<>();
                m.forEach((k, v) -> figures.put(String.valueOf(k), ((Number) v).doubleValue()));
                found = figures;
            }
        }
        return Optional.ofNullable(found);
    }

    private static void checkResumable(CheckpointState st, StageSettings s, ShardManifest manifest, String configSha) {
        if (!st.stage().equals(s.stage())) {
            throw new IllegalStateException(
                    "checkpoint is of stage '" + st.stage() + "', the configuration says '" + s.stage() + "'");
        }
        if (!st.manifestSha256().equals(manifest.sha256())) {
            throw new IllegalStateException("cannot resume: the data manifest changed since the checkpoint (sha256 "
                    + st.manifestSha256() + " then, " + manifest.sha256() + " now)");
        }
        if (st.workers() != s.train().workers()) {
            throw new IllegalStateException(
                    "cannot resume with train.workers=" + s.train().workers() + ": the checkpoint's"
                            + " data position assumes " + st.workers() + " workers");
        }
        if (!st.configSha256().equals(configSha)) {
            LOG.warn(
                    "[{}] the configuration differs from the checkpoint's (sha256 {} vs {}); continuing",
                    s.stage(),
                    configSha,
                    st.configSha256());
        }
    }

    private static void checkRound(StageSettings s, RoundResult round, int steps, CheckpointStore store)
            throws IOException {
        Optional<StepRecord> bad = round.firstNonFinite();
        if (bad.isPresent()) {
            StepRecord r = bad.get();
            throw new NonFiniteLossException(String.format(
                    "[%s] non-finite loss %s (gradient norm %s) at global step %d on worker %d (batch %d): stage "
                            + "stopped; nothing of this round was saved; last good checkpoint: %s",
                    s.stage(),
                    r.loss(),
                    r.gradientNorm(),
                    r.globalStep(),
                    r.workerSlot(),
                    r.batchId(),
                    store.latest().orElse("none")));
        }
        int expected = steps * s.train().workers();
        if (round.records().size() != expected) {
            throw new IllegalStateException("[" + s.stage() + "] round at step " + round.firstStep() + " reported "
                    + round.records().size() + " worker steps, expected " + expected + " (" + steps + " x "
                    + s.train().workers() + " workers)");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
        }
    }
}
