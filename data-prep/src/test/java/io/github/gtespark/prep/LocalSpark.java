package io.github.gtespark.prep;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** Test support: the local[2] Spark session a test class shares, and the shared-data / repo paths. */
public final class LocalSpark {

    private LocalSpark() {}

    public static SparkSession start(String name) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    public static Path sharedData() {
        return Paths.get(System.getProperty("gte.shared.data", "../../shared/data"));
    }

    public static Path repoRoot() {
        return Paths.get(System.getProperty("gte.repo.root", ".."));
    }
}
