INSERT INTO case_plan_steps (step_id, case_id, seeker_id, kind, description, posting_id, run_id, due_date, status, note,
  created_by, created_at, updated_by, updated_at)
SELECT 'step-' || nextval('case_step_seq'), $case_id, $seeker_id, $kind, $description, $posting_id, $run_id, CAST($due_date AS DATE),
  $status, $note, $actor, CAST($at AS TIMESTAMPTZ), $actor, CAST($at AS TIMESTAMPTZ)
RETURNING step_id
