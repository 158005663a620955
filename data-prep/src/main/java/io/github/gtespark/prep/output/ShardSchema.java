package io.github.gtespark.prep.output;

import io.github.gtespark.prep.record.TokenizedPair;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schema of training shards (docs/dev/contracts.md, "Shard schema") and the row of one pair. A corpus
 * with at least one scored source ({@code score = COLUMN}) adds the nullable double column {@code score} (null for
 * the pairs of unscored sources); without one the shards are exactly as before, without the column.
 */
public final class ShardSchema {

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("batch_id", DataTypes.LongType, false),
        DataTypes.createStructField("position", DataTypes.IntegerType, false),
        DataTypes.createStructField("source", DataTypes.StringType, false),
        DataTypes.createStructField("query_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        DataTypes.createStructField("doc_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        DataTypes.createStructField(
                "neg_ids",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType, false), false),
                false),
        DataTypes.createStructField("query_hash", DataTypes.LongType, false),
        DataTypes.createStructField("doc_hash", DataTypes.LongType, false),
        DataTypes.createStructField("neg_hashes", DataTypes.createArrayType(DataTypes.LongType, false), false)
    });

    public static final String SCORE = "score";

    /** {@link #SCHEMA}, plus the {@code score} column when {@code scored}. */
    public static StructType schema(boolean scored) {
        return scored ? SCHEMA.add(DataTypes.createStructField(SCORE, DataTypes.DoubleType, true)) : SCHEMA;
    }

    private ShardSchema() {}

    /** The row of one pair in {@link #schema(boolean)}. */
    public static Row row(long batchId, int position, TokenizedPair p, boolean scored) {
        if (!scored) {
            return row(batchId, position, p);
        }
        return RowFactory.create(
                batchId,
                position,
                p.source(),
                p.queryIds(),
                p.docIds(),
                p.negIds(),
                p.queryHash(),
                p.docHash(),
                p.negHashes(),
                Double.isNaN(p.score()) ? null : p.score());
    }

    public static Row row(long batchId, int position, TokenizedPair p) {
        return RowFactory.create(
                batchId,
                position,
                p.source(),
                p.queryIds(),
                p.docIds(),
                p.negIds(),
                p.queryHash(),
                p.docHash(),
                p.negHashes());
    }
}
