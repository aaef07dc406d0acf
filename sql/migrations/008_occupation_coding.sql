-- 008_occupation_coding: occupation codes found by the title coder (src/occupations) are saved on
-- the rows, with the coder's score (0..1) and version, so tables, queries and the report see them.
-- postings.occupation_code already exists (001); a code that came with the record keeps a NULL
-- score and version. For seekers the codes go to desired_occupations (001), from desired_titles.
ALTER TABLE postings ADD COLUMN occupation_score DOUBLE;
ALTER TABLE postings ADD COLUMN occupation_coder_version VARCHAR;
ALTER TABLE seekers ADD COLUMN occupation_score DOUBLE;
ALTER TABLE seekers ADD COLUMN occupation_coder_version VARCHAR;
-- A posting's industry may be unknown (an import never invents one); when it is inferred rather
-- than stated, industry_confidence says how sure (0..1), else it is NULL.
ALTER TABLE postings ALTER COLUMN industry_code DROP NOT NULL;
ALTER TABLE postings ADD COLUMN industry_confidence DOUBLE;
