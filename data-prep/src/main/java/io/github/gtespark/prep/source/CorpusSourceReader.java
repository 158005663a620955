package io.github.gtespark.prep.source;

import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Outcome;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one configured source into outcomes: raw (not yet cleaned) pairs and the exclusions of malformed input.
 * Every pair read, and every malformed line, is one unit of the source's {@code read} count.
 */
public final class CorpusSourceReader {

    private CorpusSourceReader() {}

    public static JavaRDD<Outcome> read(SparkSession spark, SourceSpec spec) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> files = InputFiles.list(spec.name(), spec.paths(), jsc.hadoopConfiguration());
        if (files.size() > io.github.gtespark.prep.record.RecordId.MAX_FILES) {
            throw new io.github.gtespark.config.ConfigurationException("source '" + spec.name() + "': " + files.size()
                    + " input files, at most " + io.github.gtespark.prep.record.RecordId.MAX_FILES);
        }
        return switch (spec.format()) {
            case JSONL -> TextFileSource.read(jsc, files, (fileIndex, path) -> new JsonlPairParser(spec));
            case TSV -> TextFileSource.read(jsc, files, (fileIndex, path) -> new TsvPairParser(spec));
            case STACKEXCHANGE ->
                StackExchangePairBuilder.build(
                        spec, TextFileSource.read(jsc, files, (fileIndex, path) -> new StackExchangeRowParser(spec)));
            case PARQUET -> ParquetPairSource.read(spark, spec, files);
        };
    }
}
