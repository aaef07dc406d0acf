-- bench:layoffs only: recreate enterprise_reports with the same columns and types but without
-- the primary-key index, so 24M generated rows load in seconds. watch-layoffs only scans and
-- hash-joins this table; the index serves ingestion's upserts, which bench:ingest-file measures.
CREATE TEMP TABLE enterprise_reports_shape AS SELECT * FROM enterprise_reports LIMIT 0;
DROP TABLE enterprise_reports;
CREATE TABLE enterprise_reports AS SELECT * FROM enterprise_reports_shape;
DROP TABLE enterprise_reports_shape;
