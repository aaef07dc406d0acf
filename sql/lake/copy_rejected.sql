-- Dead letters of one lake write, as Parquet partitioned by the day they were rejected.
COPY (
  SELECT *, CAST(timezone('Asia/Shanghai', rejected_at) AS DATE) AS event_date
  FROM main.rejected
) TO {{target}} (FORMAT parquet, PARTITION_BY (event_date), FILENAME_PATTERN {{pattern}}, COMPRESSION zstd);
