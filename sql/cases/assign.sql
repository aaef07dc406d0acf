UPDATE cases SET assigned_to = $assignee, assigned_at = CAST($at AS TIMESTAMPTZ),
  status = CASE WHEN status = 'open' THEN 'in_progress' ELSE status END, updated_at = CAST($at AS TIMESTAMPTZ)
WHERE case_id = $case_id
