-- Every dead letter the lake workers wrote (no deduplication: each rejected message once per range).
CREATE OR REPLACE VIEW lake_rejected AS
SELECT * EXCLUDE (type)
FROM read_parquet(getvariable('labourflow_lake') || '/type=rejected/*/*.parquet', hive_partitioning = true, union_by_name = true);
