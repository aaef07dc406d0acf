UPDATE cases SET status = 'closed', closed_at = CAST($at AS TIMESTAMPTZ), closed_by = $actor, outcome = $outcome,
  outcome_note = $note, updated_at = CAST($at AS TIMESTAMPTZ)
WHERE case_id = $case_id
