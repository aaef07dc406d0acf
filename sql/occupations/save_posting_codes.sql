-- Saves the codes found for uncoded postings (temp coded_titles: title, code, score), with the
-- coder's score and version; a code that came with the record is never replaced.
UPDATE postings
SET occupation_code = c.code, occupation_score = c.score, occupation_coder_version = $version
FROM temp.main.coded_titles c
WHERE postings.title = c.title AND postings.occupation_code IS NULL
