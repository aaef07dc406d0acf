-- A contact moves the case's contact dates on (the next one agreed, a month at the latest: policy: monthly-follow-up).
UPDATE cases SET last_contact_date = greatest(coalesce(last_contact_date, CAST($date AS DATE)), CAST($date AS DATE)),
  next_contact_date = CAST($next_date AS DATE), updated_at = CAST($at AS TIMESTAMPTZ)
WHERE case_id = $case_id
