-- name: follow-up-compliance
-- title_zh: 登记失业人员跟踪服务（每月至少联系一次）落实情况
-- title_en: Monthly follow-up compliance for the registered unemployed, by office
-- description: Registered unemployed are to be contacted at least once a month (domain rule 3;
--   003 §22; 004 §3.2). Per service office (the seeker's office_region, else their residence
--   county): how many registered unemployed there are, how many are due a contact (registered
--   at least `days` days before `as_of`), how many of those were contacted (a follow-up whose
--   result is anything but not_reached) in the `days` days up to `as_of`, how many were not,
--   and how many were never contacted at all.
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
contacts AS (
  SELECT f.seeker_id, max(f.date) AS last_contact
  FROM follow_ups f
  WHERE f.result <> 'not_reached' AND f.date <= (SELECT d FROM ref_date)
  GROUP BY f.seeker_id
),
per_seeker AS (
  SELECT u.office,
    u.registration_date <= (SELECT d - to_days($days) FROM ref_date) AS due,
    c.last_contact,
    c.last_contact > (SELECT d - to_days($days) FROM ref_date) AS contacted
  FROM unemployed u LEFT JOIN contacts c ON c.seeker_id = u.id
),
cells AS (
  SELECT office,
    count(*) AS registered_unemployed,
    count(*) FILTER (WHERE due) AS due,
    count(*) FILTER (WHERE due AND coalesce(contacted, false)) AS contacted,
    count(*) FILTER (WHERE due AND NOT coalesce(contacted, false)) AS not_contacted,
    count(*) FILTER (WHERE due AND last_contact IS NULL) AS never_contacted
  FROM per_seeker GROUP BY office
)
SELECT
  (SELECT strftime(d, '%Y-%m-%d') FROM ref_date) AS as_of,
  c.office AS office_code,
  r.name AS office_name,
  c.registered_unemployed, c.due, c.contacted, c.not_contacted, c.never_contacted,
  round(c.contacted / nullif(c.due, 0), 3) AS compliance_rate
FROM cells c
LEFT JOIN regions r ON r.code = c.office
ORDER BY compliance_rate NULLS LAST, c.not_contacted DESC, office_code
