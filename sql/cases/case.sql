-- One case, if its seeker lives in the actor's region ($prefix).
SELECT c.case_id, c.seeker_id, c.office_region, c.status, c.tier, c.points, c.reasons, c.reasons_en,
       c.runs_flagged, c.recommendations, c.assigned_to, epoch_ms(c.assigned_at) AS assigned_ms,
       epoch_ms(c.opened_at) AS opened_ms, epoch_ms(c.updated_at) AS updated_ms,
       CAST(c.last_contact_date AS VARCHAR) AS last_contact_date, CAST(c.next_contact_date AS VARCHAR) AS next_contact_date,
       epoch_ms(c.closed_at) AS closed_ms, c.closed_by, c.outcome, c.outcome_note,
       s.residence_region, s.employment_status, s.key_groups, s.contact_channel,
       CAST(s.registration_date AS VARCHAR) AS registration_date,
       (SELECT count(*) FROM case_plan_steps st WHERE st.case_id = c.case_id AND st.status IN ('planned', 'in_progress')) AS open_steps,
       1 AS total
FROM cases c
JOIN seekers s ON s.id = c.seeker_id
WHERE c.case_id = $case_id AND starts_with(s.residence_region, $prefix)
