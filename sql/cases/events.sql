SELECT event_id, case_id, kind, actor, epoch_ms(happened_at) AS happened_ms, CAST(detail AS VARCHAR) AS detail, run_id, follow_up_id, step_id
FROM case_events WHERE case_id = $case_id ORDER BY happened_at, event_id
