-- The recommendations a run recorded as pushed, rebuilt as messages, for re-sending the pushes
-- of a run interrupted between its results commit and its push (at least once: consumers key
-- on run_id, seeker_id and posting_id). The posting is described as it is stored now.
SELECT c.run_id, c.seeker_id, c.posting_id, c.rank, c.score, c.grade, c.tier, c.channel,
       c.explanation, c.explanation_en, c.skills_gap, CAST(c.policy_hints AS VARCHAR) AS policy_hints,
       epoch_ms(c.created_at) AS created_ms,
       p.title, p.employer_name, p.region_code, p.salary_min, p.salary_max,
       coalesce(p.commitment_accepted, false) AS commitment_accepted
FROM recommendations AS c
LEFT JOIN postings AS p ON p.id = c.posting_id
WHERE c.run_id = $run_id AND c.pushed
ORDER BY c.seeker_id, c.rank
