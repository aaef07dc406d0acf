-- The demo's review summary: current posting versions by review state, with what held them.
SELECT coalesce(r.state, 'unreviewed') AS state, r.auto_approved, count(*) AS postings,
       string_agg(DISTINCT c, ', ' ORDER BY c) AS findings
FROM postings p
LEFT JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
LEFT JOIN LATERAL (SELECT unnest(CASE WHEN r.blocking THEN r.categories ELSE [] END) AS c) ON true
GROUP BY ALL
ORDER BY state, r.auto_approved
