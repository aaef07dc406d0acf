SELECT step_id, case_id, kind, description, posting_id, run_id, CAST(due_date AS VARCHAR) AS due_date, status, note,
       created_by, epoch_ms(created_at) AS created_ms, updated_by, epoch_ms(updated_at) AS updated_ms,
       status IN ('planned', 'in_progress') AND due_date < current_date AS overdue
FROM case_plan_steps WHERE case_id = $case_id ORDER BY due_date, step_id
