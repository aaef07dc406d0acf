UPDATE cases SET updated_at = CAST($at AS TIMESTAMPTZ) WHERE case_id = $case_id
