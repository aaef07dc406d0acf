-- Rows per table after the demo's ingest.
SELECT 'postings' AS "table", count(*)::BIGINT AS "rows" FROM postings
UNION ALL SELECT 'seekers', count(*) FROM seekers
UNION ALL SELECT 'enterprise_reports', count(*) FROM enterprise_reports
UNION ALL SELECT 'follow_ups', count(*) FROM follow_ups
UNION ALL SELECT 'outcomes', count(*) FROM outcomes
UNION ALL SELECT 'rejected', count(*) FROM rejected;
