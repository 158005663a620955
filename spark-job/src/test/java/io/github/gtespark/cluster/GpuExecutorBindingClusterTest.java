package io.github.gtespark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.gtespark.device.DeviceBinding;
import io.github.gtespark.device.NativeVariantChoice;
import io.github.gtespark.device.NativeVariantSelection;
import io.github.gtespark.device.TaskDeviceBinding;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GPU scheduling on a real Spark standalone cluster without a GPU: {@code scripts/cluster/spark} starts a master and
 * two workers with one (fake, {@code GTE_FAKE_GPUS=1}) GPU each, discovered by {@code scripts/gpu/discover-gpus};
 * a driver in this JVM asks for one GPU per executor and per task, and every task calls
 * {@link TaskDeviceBinding#bindCurrentTask()} like the training worker does. Asserts that the two executors ran
 * concurrently, each with its own GPU address, that every task was bound to its executor's address, and that the
 * binding chose the executor's ND4J native build before loading ND4J (the executors get the test's class path, with
 * the AVX-512 build on it: loaded unchosen on a CPU without AVX-512, it kills the executor with SIGILL).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GpuExecutorBindingClusterTest {

    private static Path repo;
    private static Path dir;
    private static int masterPort;
    private static int uiPort;

    @BeforeAll
    static void startCluster() throws Exception {
        repo = Path.of(System.getProperty("gte.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        dir = Path.of("target", "gpu-cluster-test").toAbsolutePath();
        masterPort = freePort();
        uiPort = freePort();
        stopCluster(); // a cluster left over by an interrupted run of this test
        int rc = cluster(
                "start",
                "--workers",
                "2",
                "--cores",
                "1",
                "--memory",
                "1g",
                "--gpus-per-worker",
                "1",
                "--gpu-discovery",
                repo.resolve("scripts/gpu/discover-gpus").toString());
        assertEquals(0, rc, "scripts/cluster/spark start failed: " + Files.readString(dir.resolve("cluster.log")));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (dir != null && Files.isDirectory(dir.resolve("pids"))) {
            cluster("stop");
        }
    }

    @Test
    void eachExecutorGetsItsOwnGpuAndEveryTaskIsBoundToIt() throws Exception {
        SparkConf conf = new SparkConf()
                .setAppName("gpu-binding-test")
                .setMaster("spark://127.0.0.1:" + masterPort)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "512m")
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", "2")
                .set("spark.executor.resource.gpu.amount", "1")
                .set("spark.task.resource.gpu.amount", "1")
                .set(
                        "spark.executor.resource.gpu.discoveryScript",
                        repo.resolve("scripts/gpu/discover-gpus").toString())
                // the executors load this project's classes (and ND4J) from the test's own class path
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            awaitExecutors(sc, 2);
            int tasks = 6;
            List<TimedBinding> results = sc.parallelize(
                            IntStream.range(0, tasks).boxed().toList(), tasks)
                    .map(i -> {
                        long start = System.currentTimeMillis();
                        DeviceBinding b = TaskDeviceBinding.bindCurrentTask();
                        // the binder chose the native build before it loaded ND4J (else this says too late)
                        NativeVariantChoice nativeBuild = NativeVariantSelection.selectForThisJvm();
                        Thread.sleep(1500); // long enough for the two executors' tasks to overlap
                        return new TimedBinding(b, nativeBuild, start, System.currentTimeMillis());
                    })
                    .collect();

            assertEquals(tasks, results.size());
            Map<String, Set<List<String>>> addressesByExecutor = new HashMap<>();
            for (TimedBinding r : results) {
                DeviceBinding b = r.binding();
                assertEquals(1, b.gpuAddresses().size(), "each task holds exactly one GPU: " + b.describe());
                assertEquals("cpu", b.binder(), "nd4j-native build: the CPU binder ran");
                assertFalse(
                        r.nativeBuild().tooLate(),
                        "the executor loaded ND4J before choosing its native build: "
                                + r.nativeBuild().describe());
                assertTrue(b.partitionId() >= 0 && b.partitionId() < tasks, b.describe());
                addressesByExecutor
                        .computeIfAbsent(b.executorId(), k -> new HashSet<>())
                        .add(b.gpuAddresses());
            }
            assertEquals(2, addressesByExecutor.size(), "tasks ran on both executors: " + addressesByExecutor);
            Set<List<String>> all = new HashSet<>();
            for (var e : addressesByExecutor.entrySet()) {
                assertEquals(
                        1, e.getValue().size(), "executor " + e.getKey() + " saw one GPU address: " + e.getValue());
                all.addAll(e.getValue());
            }
            assertEquals(
                    Set.of(List.of("0"), List.of("1")),
                    all,
                    "the two executors got distinct addresses, the ones the workers discovered: "
                            + addressesByExecutor);
            // the executors' tasks overlapped in time: the addresses were held concurrently, not handed over
            boolean overlap = false;
            for (TimedBinding a : results) {
                for (TimedBinding b : results) {
                    if (!a.binding().executorId().equals(b.binding().executorId())
                            && a.start() < b.end()
                            && b.start() < a.end()) {
                        overlap = true;
                    }
                }
            }
            assertTrue(overlap, "no two tasks of different executors overlapped: " + results);
            assertEquals(
                    IntStream.range(0, tasks).boxed().collect(Collectors.toSet()),
                    results.stream().map(r -> r.binding().partitionId()).collect(Collectors.toSet()));
        }
    }

    /** One task's binding, its executor's ND4J native build, and the wall-clock interval the task ran in. */
    record TimedBinding(DeviceBinding binding, NativeVariantChoice nativeBuild, long start, long end)
            implements java.io.Serializable {}

    private static void awaitExecutors(JavaSparkContext sc, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (sc.sc().statusTracker().getExecutorInfos().length < n + 1) { // the driver is listed too
            if (System.currentTimeMillis() > deadline) {
                fail("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1) + " of " + n
                        + " executors registered within 120 s; worker logs in " + dir.resolve("logs"));
            }
            Thread.sleep(250);
        }
    }

    private static int cluster(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("scripts/cluster/spark").toString());
        cmd.add(args[0]);
        cmd.add("--dir");
        cmd.add(dir.toString());
        cmd.addAll(List.of(args).subList(1, args.length));
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "cluster.log")));
        pb.environment().put("GTE_FAKE_GPUS", "1");
        pb.environment().put("SPARK_MASTER_PORT", Integer.toString(masterPort));
        pb.environment().put("SPARK_MASTER_WEBUI_PORT", Integer.toString(uiPort));
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
