-- Postings a run may recommend: published, not past expiry, and the current version approved by
-- the office's review (policy: posting-review: reviewed before publication; collect → review → publish → match,
-- policy: posting-review). A version not yet reviewed, pending, returned or rejected is never matched or pushed.
-- commitment_accepted (policy: commitment-acceptance) travels with every recommendation and push.
SELECT p.id, p.version, p.title, p.occupation_code, p.industry_code, p.region_code, p.salary_min, p.salary_max,
       p.education_required, p.experience_min_years, p.headcount, p.description, p.skills, p.employment_type,
       p.status, CAST(p.posted_date AS VARCHAR) AS posted_date, CAST(p.expiry_date AS VARCHAR) AS expiry_date,
       p.employer_name, p.commitment_accepted
FROM postings p
JOIN posting_reviews r ON r.posting_id = p.id AND r.posting_version = p.version AND r.state = 'approved'
WHERE p.status = 'published' AND (p.expiry_date IS NULL OR p.expiry_date >= CAST($today AS DATE))
ORDER BY p.id
