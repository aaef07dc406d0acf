-- Every decision on a posting, all versions, oldest first.
SELECT decision_id, posting_id, posting_version, action, state_before, state_after, actor, reason, epoch_ms(decided_at) AS decided_ms
FROM posting_review_decisions
WHERE posting_id = $posting_id
ORDER BY decided_at, decision_id
