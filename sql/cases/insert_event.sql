INSERT INTO case_events (case_id, seeker_id, kind, actor, happened_at, detail, run_id, follow_up_id, step_id)
VALUES ($case_id, $seeker_id, $kind, $actor, CAST($at AS TIMESTAMPTZ), CAST($detail AS JSON), NULL, $follow_up_id, $step_id)
