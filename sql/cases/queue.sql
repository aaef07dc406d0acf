-- The office's case queue: cases of seekers living in the actor's region ($prefix, as the scope
-- rules cut seekers: by residence), in the statuses asked for ($statuses, JSON list), T4 (expert
-- focused service) before T3 (counsellor guidance), longest waiting first (policy: five-way-service, employment-assistance).
-- $tier '' = both; $assigned '' = anyone, '-' = nobody, else that user.
SELECT c.case_id, c.seeker_id, c.office_region, c.status, c.tier, c.points, c.reasons, c.reasons_en,
       c.runs_flagged, c.recommendations, c.assigned_to, epoch_ms(c.assigned_at) AS assigned_ms,
       epoch_ms(c.opened_at) AS opened_ms, epoch_ms(c.updated_at) AS updated_ms,
       CAST(c.last_contact_date AS VARCHAR) AS last_contact_date, CAST(c.next_contact_date AS VARCHAR) AS next_contact_date,
       epoch_ms(c.closed_at) AS closed_ms, c.closed_by, c.outcome, c.outcome_note,
       s.residence_region, s.employment_status, s.key_groups, s.contact_channel,
       CAST(s.registration_date AS VARCHAR) AS registration_date,
       (SELECT count(*) FROM case_plan_steps st WHERE st.case_id = c.case_id AND st.status IN ('planned', 'in_progress')) AS open_steps,
       count(*) OVER () AS total
FROM cases c
JOIN seekers s ON s.id = c.seeker_id
WHERE starts_with(s.residence_region, $prefix)
  AND list_contains(from_json($statuses, '["VARCHAR"]'), c.status)
  AND ($tier = '' OR c.tier = $tier)
  AND ($assigned = '' OR ($assigned = '-' AND c.assigned_to IS NULL) OR c.assigned_to = $assigned)
ORDER BY c.tier DESC, c.opened_at, c.case_id
LIMIT $limit OFFSET $offset
