-- The same queue counted by tier and status, with the longest wait in days.
SELECT c.tier, c.status, count(*) AS cases, count(*) FILTER (WHERE c.assigned_to IS NULL) AS unassigned,
       max(date_diff('day', c.opened_at, now())) AS longest_wait_days
FROM cases c
JOIN seekers s ON s.id = c.seeker_id
WHERE starts_with(s.residence_region, $prefix)
  AND list_contains(from_json($statuses, '["VARCHAR"]'), c.status)
GROUP BY c.tier, c.status
ORDER BY c.tier DESC, c.status
