-- Postings a run may recommend or must flag: published and not past expiry.
SELECT id, version, title, occupation_code, industry_code, region_code, salary_min, salary_max,
       education_required, experience_min_years, headcount, description, skills, employment_type,
       status, CAST(posted_date AS VARCHAR) AS posted_date, CAST(expiry_date AS VARCHAR) AS expiry_date,
       employer_name
FROM postings
WHERE status = 'published' AND (expiry_date IS NULL OR expiry_date >= CAST($today AS DATE))
ORDER BY id
