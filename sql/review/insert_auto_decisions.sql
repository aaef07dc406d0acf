-- Automatic approvals are decisions too (actor 'system'), in the same history as the reviewers'.
INSERT INTO posting_review_decisions (posting_id, posting_version, action, state_before, state_after, actor, reason, decided_at)
SELECT r.posting_id, r.posting_version, 'auto_approve', 'pending', 'approved', 'system', r.reason, r.decided_at
FROM posting_reviews r
WHERE r.auto_approved AND r.reviewed_at = CAST($now AS TIMESTAMPTZ)
  AND NOT EXISTS (SELECT 1 FROM posting_review_decisions d WHERE d.posting_id = r.posting_id AND d.posting_version = r.posting_version)
