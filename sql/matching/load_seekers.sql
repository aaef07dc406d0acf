-- Seekers in scope ($prefix: '' for all, else the 2/4/6-digit region prefix) who are in the labour force.
SELECT id, gender, residence_region, office_region, birth_year, education, graduation_year, experience_years,
       skills, experience_text, desired_titles, desired_occupations, desired_industries, desired_regions,
       desired_salary_min, desired_salary_max, willing_to_relocate, employment_status,
       CAST(registration_date AS VARCHAR) AS registration_date, key_groups, contact_channel, failed_referrals
FROM seekers
WHERE employment_status <> 'out_of_labour_force' AND starts_with(residence_region, $prefix)
ORDER BY id
