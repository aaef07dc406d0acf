-- Employers the office already knows, for the names of the postings under review ($keys: coarse
-- name keys, JSON list): enterprise monitoring reports and postings whose current version was
-- approved. The coarse key (no spaces, ASCII brackets, upper case) only narrows the read; the
-- exact comparison is normalizeEmployerName's.
WITH keys AS (SELECT unnest(from_json($keys, '["VARCHAR"]')) AS k),
known AS (
  SELECT employer_name AS name, employer_credit_code AS code FROM enterprise_reports WHERE employer_name IS NOT NULL
  UNION
  SELECT p.employer_name, p.employer_credit_code
  FROM postings p JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version
  WHERE r.state = 'approved' AND p.employer_name IS NOT NULL
)
SELECT DISTINCT name, code FROM known
WHERE upper(translate(regexp_replace(name, '\s+', '', 'g'), '（）', '()')) IN (SELECT k FROM keys)
