package io.github.gtespark.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gtespark.train.data.StepTaggedBatch;
import io.github.gtespark.train.step.StepResult;
import io.github.gtespark.train.step.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Worker graphs kept in the executor's {@link WorkerGraphPool} between rounds give exactly the parameters and Adam
 * state of graphs rebuilt from the broadcast in every round (dl4j-spark's way), on local[2] (two tasks at a time in
 * one JVM, so the pool also has to keep the two concurrent tasks' graphs apart).
 */
class WorkerGraphReuseTest {

    private static final int N = 8;
    private static final int L = 6;
    private static final int VOCAB = 40;
    private static final int CLASSES = 3;
    private static final int WORKERS = 2;
    private static final int FREQUENCY = 2;
    private static final int ROUNDS = 3;

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("worker-graph-reuse")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void reusedWorkerGraphsGiveTheSameParametersAndAdamStateAsRebuiltOnes() {
        ComputationGraph start = graph();
        WorkerGraphPool.shared().clear();
        Run rebuilt = train(start.clone(), false);
        Run reused = train(start.clone(), true);

        for (int r = 0; r < ROUNDS; r++) {
            assertTrue(
                    rebuilt.params.get(r).equalsWithEps(reused.params.get(r), 1e-12),
                    "parameters after round " + (r + 1));
            assertTrue(
                    rebuilt.states.get(r).equalsWithEps(reused.states.get(r), 1e-12),
                    "Adam state after round " + (r + 1));
        }
        // the runs really differ in how the workers got their graphs
        for (SyncTimings t : rebuilt.sync) {
            assertEquals(WORKERS, t.workers().size());
            assertEquals(0, t.reusedGraphs());
        }
        // the broadcast's stored bytes are known, and reading the broadcast is a part of preparing the graph
        for (Run run : List.of(rebuilt, reused)) {
            for (SyncTimings t : run.sync) {
                assertTrue(t.broadcastBytes() > 0, "broadcast bytes " + t.broadcastBytes());
                for (WorkerSyncRecord w : t.workers()) {
                    assertTrue(w.broadcastReadNanos() > 0 && w.broadcastReadNanos() <= w.prepareNanos(), w.toString());
                }
            }
        }
        // the pool builds a graph only when none is idle: at most one per concurrently running task over the whole
        // run (WORKERS; fewer when a task of round 1 starts after another has already returned its graph)
        int builds = 0;
        for (SyncTimings t : reused.sync) {
            builds += WORKERS - t.reusedGraphs();
        }
        assertTrue(builds >= 1 && builds <= WORKERS, "graphs built over " + ROUNDS + " rounds: " + builds);
        assertTrue(reused.sync.get(0).reusedGraphs() < WORKERS, "round 1 builds at least one graph");
        // training moved the parameters and averaging saw different workers
        assertTrue(start.params().distance2(reused.params.get(ROUNDS - 1)) > 1e-3);
        assertTrue(reused.states.get(ROUNDS - 1).sumNumber().doubleValue() != 0.0);
        // the step records match as well (losses before each update)
        for (int i = 0; i < rebuilt.losses.size(); i++) {
            assertEquals(rebuilt.losses.get(i), reused.losses.get(i), 1e-12, "loss " + i);
        }
    }

    /** The trained parameters, Adam state and synchronisation records after each round. */
    private record Run(List<INDArray> params, List<INDArray> states, List<SyncTimings> sync, List<Double> losses) {}

    private static Run train(ComputationGraph graph, boolean reuse) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ContrastiveTrainingMaster master =
                new ContrastiveTrainingMaster(WORKERS, N, FREQUENCY, new LabelFitStep(5)).setReuseWorkerGraphs(reuse);
        SparkComputationGraph sparkGraph = new SparkComputationGraph(jsc, graph, master);
        Run run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < ROUNDS; round++) {
            CollectionAccumulator<StepRecord> records = jsc.sc().collectionAccumulator();
            CollectionAccumulator<WorkerSyncRecord> sync = jsc.sc().collectionAccumulator();
            master.setRecords(records, sync);
            List<MultiDataSet> batches = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                for (int s = 0; s < FREQUENCY; s++) {
                    long step = (long) round * FREQUENCY + s;
                    batches.add(batch(step, w));
                }
            }
            // parallelize slices the list in order: partition w holds worker w's batches in step order
            JavaRDD<MultiDataSet> rdd = jsc.parallelize(batches, WORKERS);
            sparkGraph.fitMultiDataSet(rdd);
            master.releaseBroadcast();
            List<WorkerSyncRecord> workers = new ArrayList<>(sync.value());
            workers.sort(java.util.Comparator.comparingInt(WorkerSyncRecord::workerSlot));
            run.sync.add(master.lastSyncTimings(workers));
            run.params.add(sparkGraph.getNetwork().params().dup());
            run.states.add(
                    sparkGraph.getNetwork().getUpdater().getStateViewArray().dup());
            List<StepRecord> steps = new ArrayList<>(records.value());
            steps.sort(java.util.Comparator.comparingLong(StepRecord::globalStep)
                    .thenComparingInt(StepRecord::workerSlot));
            steps.forEach(r -> run.losses.add(r.loss()));
        }
        return run;
    }

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(17)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(0.02))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input_ids")
                .addLayer(
                        "tokens",
                        new EmbeddingSequenceLayer.Builder()
                                .nIn(VOCAB)
                                .nOut(6)
                                .inputLength(L)
                                .build(),
                        "input_ids")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "tokens")
                .addLayer(
                        "hidden",
                        new DenseLayer.Builder()
                                .nIn(6)
                                .nOut(6)
                                .activation(Activation.TANH)
                                .dropOut(0.8)
                                .build(),
                        "pool")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(6)
                                .nOut(CLASSES)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "hidden")
                .setOutputs("out")
                .setInputTypes(InputType.recurrent(VOCAB, L))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Batch of global step {@code step} for worker {@code slot}: random ids, class = first id mod CLASSES. */
    private static StepTaggedBatch batch(long step, int slot) {
        Random rnd = new Random(1000 * step + slot);
        INDArray ids = Nd4j.create(DataType.DOUBLE, N, L);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, N, CLASSES);
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < L; t++) {
                ids.putScalar(i, t, rnd.nextInt(VOCAB));
            }
            labels.putScalar(i, ids.getInt(i, 0) % CLASSES, 1.0);
        }
        INDArray mask = Nd4j.ones(DataType.DOUBLE, N, L);
        return new StepTaggedBatch(
                new INDArray[] {ids},
                new INDArray[] {labels},
                new INDArray[] {mask},
                step,
                slot,
                step * WORKERS + slot);
    }

    /** {@code graph.fit} on the batch with the iteration counter at the global step and the RNG seeded from it. */
    private record LabelFitStep(long seed) implements TrainingStep {
        @Override
        public StepResult apply(ComputationGraph graph, MultiDataSet batch, long globalStep) {
            Nd4j.getRandom().setSeed(seed * 1_000_003L + globalStep);
            graph.getConfiguration().setIterationCount((int) globalStep);
            graph.fit(new org.nd4j.linalg.dataset.MultiDataSet(
                    batch.getFeatures(), batch.getLabels(), batch.getFeaturesMaskArrays(), null));
            return new StepResult(
                    graph.score(), graph.getFlattenedGradients().norm2Number().doubleValue(), 0.02, (int)
                            batch.getFeatures(0).size(0));
        }
    }
}
