package io.github.gtespark.prep.output;

import io.github.gtespark.prep.record.TokenizedPair;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Parquet schema of training shards (docs/dev/contracts.md, "Shard schema") and the row of one pair. */
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

    private ShardSchema() {}

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
