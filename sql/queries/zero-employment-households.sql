-- name: zero-employment-households
-- title_zh: 未动态清零的零就业家庭
-- title_en: Zero-employment households not yet cleared
-- description: Households with a member flagged zero_employment_household where no member is
--   employed or in flexible employment yet: the list to clear dynamically (at least one member
--   in work; policy: employment-assistance). One row per household, oldest first, with the members' count,
--   the earliest registration and the last contact by a caseworker.
-- requires: seekers, follow_ups
-- param: limit int = 1000 -- most rows returned
WITH members AS (
  SELECT household_id, id, residence_region, registration_date, employment_status, key_groups
  FROM seekers WHERE household_id IS NOT NULL
),
households AS (
  SELECT household_id,
    count(*) AS members,
    count(*) FILTER (WHERE employment_status IN ('unemployed_registered', 'unemployed_unregistered')) AS members_unemployed,
    min(residence_region) AS region_code,
    min(registration_date) AS first_registered,
    bool_or(list_contains(key_groups, 'zero_employment_household')) AS flagged,
    bool_or(employment_status IN ('employed', 'flexible_employed')) AS cleared
  FROM members GROUP BY household_id
),
last_contact AS (
  SELECT m.household_id, max(f.date) AS last_contact
  FROM members m JOIN follow_ups f ON f.seeker_id = m.id AND f.result <> 'not_reached'
  GROUP BY m.household_id
)
SELECT h.household_id, h.region_code, r.name AS region_name, h.members, h.members_unemployed,
  h.first_registered, l.last_contact,
  date_diff('day', h.first_registered, coalesce((SELECT max(date) FROM follow_ups), current_date)) AS days_open
FROM households h
LEFT JOIN last_contact l USING (household_id)
LEFT JOIN regions r ON r.code = h.region_code
WHERE h.flagged AND NOT h.cleared
ORDER BY h.first_registered NULLS LAST, h.household_id
LIMIT $limit
