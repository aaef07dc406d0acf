-- Saves desired_occupations found from the desired titles of seekers who named none: the codes in
-- the order of their titles, the lowest score among them, and the coder's version.
WITH titles AS (
  SELECT id, unnest(desired_titles) AS title, generate_subscripts(desired_titles, 1) AS pos
  FROM seekers WHERE len(desired_occupations) = 0
),
codes AS (
  SELECT t.id, c.code, min(t.pos) AS pos, min(c.score) AS score
  FROM titles t JOIN temp.main.coded_titles c ON c.title = t.title
  GROUP BY t.id, c.code
),
per_seeker AS (
  SELECT id, list(code ORDER BY pos) AS codes, min(score) AS score FROM codes GROUP BY id
)
UPDATE seekers
SET desired_occupations = p.codes, occupation_score = p.score, occupation_coder_version = $version
FROM per_seeker p
WHERE seekers.id = p.id AND len(seekers.desired_occupations) = 0
