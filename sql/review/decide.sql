-- A reviewer's decision on a version: its state and latest decision (the history row is insert_decision.sql, same transaction).
UPDATE posting_reviews SET state = $state, decided_by = $actor, decided_at = CAST($at AS TIMESTAMPTZ), reason = $reason
WHERE posting_id = $posting_id AND posting_version = $posting_version
