INSERT INTO posting_review_decisions (posting_id, posting_version, action, state_before, state_after, actor, reason, decided_at)
VALUES ($posting_id, $posting_version, $action, $state_before, $state_after, $actor, $reason, CAST($at AS TIMESTAMPTZ))
