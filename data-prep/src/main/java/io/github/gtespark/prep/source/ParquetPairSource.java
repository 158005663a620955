package io.github.gtespark.prep.source;

import io.github.gtespark.config.ConfigurationException;
import io.github.gtespark.prep.config.SourceSpec;
import io.github.gtespark.prep.record.Exclusion;
import io.github.gtespark.prep.record.ExclusionReason;
import io.github.gtespark.prep.record.Outcome;
import io.github.gtespark.prep.record.PairRecord;
import io.github.gtespark.prep.record.RecordId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads pairs from Parquet files: the query column must be a string, the document and negative columns a string or
 * an array of strings (one pair per document element). Column names or types that do not fit are a configuration
 * error reported before the job starts; null values give {@code missing_field} exclusions. Rows are numbered in
 * file-scan order (stable for the same files), which makes their ids deterministic.
 */
public final class ParquetPairSource {

    private ParquetPairSource() {}

    public static JavaRDD<Outcome> read(SparkSession spark, SourceSpec spec, List<String> files) {
        Dataset<Row> df = spark.read().parquet(files.toArray(new String[0]));
        StructType schema = df.schema();
        checkColumn(spec, schema, spec.queryField(), false);
        checkColumn(spec, schema, spec.docField(), true);
        List<String> cols = new ArrayList<>(List.of(spec.queryField(), spec.docField()));
        if (spec.hasNegatives()) {
            checkColumn(spec, schema, spec.negField(), true);
            cols.add(spec.negField());
        }
        Dataset<Row> selected =
                df.selectExpr(cols.stream().map(c -> "`" + c + "`").toArray(String[]::new));
        return selected.javaRDD()
                .zipWithIndex()
                .flatMap(t -> toOutcomes(spec, t._1(), t._2()).iterator());
    }

    private static void checkColumn(SourceSpec spec, StructType schema, String column, boolean arrayAllowed) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new ConfigurationException("source '" + spec.name() + "': Parquet input has no column '" + column
                    + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField f = schema.apply(column);
        DataType t = f.dataType();
        boolean ok = t.equals(DataTypes.StringType)
                || (arrayAllowed && t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType));
        if (!ok) {
            throw new ConfigurationException("source '" + spec.name() + "': Parquet column '" + column + "' has type "
                    + t.simpleString() + ", expected string" + (arrayAllowed ? " or array<string>" : ""));
        }
    }

    static List<Outcome> toOutcomes(SourceSpec spec, Row row, long rowNumber) {
        long lineId = RecordId.of(spec.index(), 0, rowNumber, 0);
        String query = row.isNullAt(0) ? null : row.getString(0);
        List<String> docs = strings(row, 1);
        if (query == null || docs == null || docs.isEmpty()) {
            return List.of(Outcome.exclude(new Exclusion(
                    spec.index(),
                    spec.name(),
                    ExclusionReason.MISSING_FIELD,
                    lineId,
                    Exclusion.PAIR,
                    row.toString(),
                    query,
                    null,
                    query == null ? spec.queryField() : spec.docField())));
        }
        String[] negs = PairRecord.NO_NEGATIVES;
        if (spec.hasNegatives()) {
            List<String> n = strings(row, 2);
            if (n != null) {
                negs = n.stream().filter(x -> x != null).toArray(String[]::new);
            }
        }
        List<Outcome> out = new ArrayList<>(docs.size());
        for (int k = 0; k < docs.size(); k++) {
            long id = RecordId.of(spec.index(), 0, rowNumber, Math.min(k, RecordId.MAX_PAIRS_PER_LINE - 1));
            String doc = docs.get(k);
            if (k >= RecordId.MAX_PAIRS_PER_LINE - 1 && docs.size() > RecordId.MAX_PAIRS_PER_LINE) {
                out.add(Outcome.exclude(new Exclusion(
                        spec.index(),
                        spec.name(),
                        ExclusionReason.TOO_MANY_PAIRS_IN_LINE,
                        id,
                        Exclusion.PAIR,
                        null,
                        query,
                        doc,
                        "element " + k)));
            } else if (doc == null) {
                out.add(Outcome.exclude(new Exclusion(
                        spec.index(),
                        spec.name(),
                        ExclusionReason.MISSING_FIELD,
                        id,
                        Exclusion.PAIR,
                        null,
                        query,
                        null,
                        spec.docField() + "[" + k + "] is null")));
            } else {
                out.add(Outcome.keep(new PairRecord(id, spec.index(), spec.name(), query, doc, negs)));
            }
        }
        return out;
    }

    private static List<String> strings(Row row, int i) {
        if (row.isNullAt(i)) {
            return null;
        }
        Object v = row.get(i);
        if (v instanceof String s) {
            return List.of(s);
        }
        return row.getList(i);
    }
}
