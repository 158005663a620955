package io.github.gtespark.prep.output;

import io.github.gtespark.prep.record.Exclusion;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes every exclusion to {@code <output>/exclusions} as Parquet or JSON lines, sorted by id: {@code source},
 * {@code reason}, {@code unit} (pair or negative), {@code id}, the raw {@code line} (parse failures) or the
 * original {@code query} / {@code doc} texts, and a {@code detail}.
 */
public final class ExclusionWriter {

    public static final String DIR = "exclusions";

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("source", DataTypes.StringType, false),
        DataTypes.createStructField("reason", DataTypes.StringType, false),
        DataTypes.createStructField("unit", DataTypes.StringType, false),
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("line", DataTypes.StringType, true),
        DataTypes.createStructField("query", DataTypes.StringType, true),
        DataTypes.createStructField("doc", DataTypes.StringType, true),
        DataTypes.createStructField("detail", DataTypes.StringType, true)
    });

    private ExclusionWriter() {}

    public static void write(SparkSession spark, JavaRDD<Exclusion> exclusions, String outputDir, String format) {
        JavaRDD<Row> rows = exclusions.map(e ->
                RowFactory.create(e.source(), e.reason(), e.unit(), e.id(), e.line(), e.query(), e.doc(), e.detail()));
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).orderBy("id", "unit", "reason", "doc");
        String dir = outputDir.endsWith("/") ? outputDir + DIR : outputDir + "/" + DIR;
        if ("jsonl".equals(format)) {
            df.write().mode(SaveMode.Overwrite).json(dir);
        } else {
            df.write().mode(SaveMode.Overwrite).parquet(dir);
        }
    }
}
