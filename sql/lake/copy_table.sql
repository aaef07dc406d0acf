-- Writes one record table of the lake writer's in-memory store as Parquet files, one per
-- event date (hive layout event_date=YYYY-MM-DD, dates in China Standard Time).
-- {{table}} is one of the fixed record tables; {{target}} and {{pattern}} are quoted literals
-- made by LakeBatchSink from the lake folder and the topic/partition/offset range.
COPY (
  SELECT *, CAST(timezone('Asia/Shanghai', event_time) AS DATE) AS event_date
  FROM main.{{table}}
) TO {{target}} (FORMAT parquet, PARTITION_BY (event_date), FILENAME_PATTERN {{pattern}}, COMPRESSION zstd);
