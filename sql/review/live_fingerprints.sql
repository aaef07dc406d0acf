-- Live postings of the same employers and regions as the postings under review ($keys:
-- '<credit code>|<region>' as a JSON list): published or awaiting publication by their source,
-- and approved, or pending with no block finding (likely to be approved). Rejected, returned and
-- blocked ones are not live. Titles are compared after normalizeTitle, in the review step.
-- The keys join on the two columns, not on their concatenation: a plain equi-join lets DuckDB
-- narrow the postings scan by the keys (measured: 57 against 100 ms per 20,000-posting chunk).
WITH keys AS (
  SELECT split_part(k, '|', 1) AS code, split_part(k, '|', 2) AS region
  FROM (SELECT unnest(from_json($keys, '["VARCHAR"]')) AS k)
)
SELECT p.id, p.employer_credit_code, p.title, p.region_code,
       CAST(p.posted_date AS VARCHAR) AS posted_date, CAST(p.expiry_date AS VARCHAR) AS expiry_date
FROM postings p
JOIN keys k ON p.employer_credit_code = k.code AND p.region_code = k.region
JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
WHERE (r.state = 'approved' OR (r.state = 'pending' AND NOT r.blocking)) AND p.status IN ('published', 'pending_review')
