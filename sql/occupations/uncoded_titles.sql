-- Distinct titles the coder may code: of postings with no occupation code, and the desired titles
-- of seekers with no desired occupation. Each distinct title is coded once, however many rows share it.
SELECT title FROM postings WHERE occupation_code IS NULL AND title <> ''
UNION
SELECT t FROM (SELECT unnest(desired_titles) AS t FROM seekers WHERE len(desired_occupations) = 0) WHERE t <> ''
