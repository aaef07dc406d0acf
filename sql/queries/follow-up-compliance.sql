-- name: follow-up-compliance
-- title_zh: 登记失业人员跟踪服务（每月至少联系一次）落实情况
-- title_en: Monthly follow-up compliance for the registered unemployed, by office
-- description: Registered unemployed are to be contacted at least once a month (policy: monthly-follow-up;
--   policy: monthly-follow-up). Per service office (the seeker's office_region, else their residence
--   county): how many registered unemployed there are, how many are due a contact (registered
--   at least `days` days before `as_of`), how many of those were contacted (a follow-up whose
--   result is anything but not_reached) in the `days` days up to `as_of`, how many were not,
--   and how many of those were not contacted in twice that time either.
-- requires: seekers, follow_ups
-- param: as_of date = latest -- YYYY-MM-DD; latest = the newest follow-up date
-- param: days int = 30 -- length of the contact window
WITH ref_date AS (
  SELECT CAST(coalesce(TRY_CAST($as_of AS DATE), (SELECT max(date) FROM follow_ups), current_date) AS DATE) AS d
),
unemployed AS (
  SELECT s.id, coalesce(s.office_region, s.residence_region) AS office, s.registration_date
  FROM seekers s
  WHERE s.employment_status = 'unemployed_registered' AND s.registration_date <= (SELECT d FROM ref_date)
),
-- Only contacts inside the window (and twice the window) matter: two small semi-joins instead of
-- grouping the whole ledger by seeker.
per_seeker AS (
  SELECT u.office,
    u.registration_date <= (SELECT d - ($days) FROM ref_date) AS due,
    u.id IN (SELECT seeker_id FROM follow_ups WHERE result <> 'not_reached'
             AND date > (SELECT d - ($days) FROM ref_date) AND date <= (SELECT d FROM ref_date)) AS contacted,
    u.id IN (SELECT seeker_id FROM follow_ups WHERE result <> 'not_reached'
             AND date > (SELECT d - (2 * $days) FROM ref_date) AND date <= (SELECT d FROM ref_date)) AS contacted_2x
  FROM unemployed u
),
cells AS (
  SELECT office,
    count(*) AS registered_unemployed,
    count(*) FILTER (WHERE due) AS due,
    count(*) FILTER (WHERE due AND contacted) AS contacted,
    count(*) FILTER (WHERE due AND NOT contacted) AS not_contacted,
    count(*) FILTER (WHERE due AND NOT contacted_2x) AS not_contacted_2x
  FROM per_seeker GROUP BY office
)
SELECT
  (SELECT strftime(d, '%Y-%m-%d') FROM ref_date) AS as_of,
  c.office AS office_code,
  r.name AS office_name,
  c.registered_unemployed, c.due, c.contacted, c.not_contacted, c.not_contacted_2x,
  round(c.contacted / nullif(c.due, 0), 3) AS compliance_rate
FROM cells c
LEFT JOIN regions r ON r.code = c.office
ORDER BY compliance_rate NULLS LAST, c.not_contacted DESC, office_code
