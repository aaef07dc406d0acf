-- A posting a seeker may be referred to: its current version approved (only approved postings are published, policy: posting-review).
SELECT p.id, p.title, p.employer_name, p.employment_type, p.status, rv.state AS review_state,
       (SELECT run_id FROM recommendations r WHERE r.seeker_id = $seeker_id AND r.posting_id = p.id ORDER BY r.created_at DESC LIMIT 1) AS run_id
FROM postings p
LEFT JOIN posting_reviews rv ON rv.posting_id = p.id AND rv.posting_version = p.version
WHERE p.id = $posting_id
