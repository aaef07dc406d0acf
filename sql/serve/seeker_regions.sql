-- The residence region of the stored seekers among $ids (newline-separated), for the region check of
-- an upload by a regional user: a follow-up or outcome belongs to the region of its seeker.
SELECT id, residence_region FROM seekers WHERE id IN (SELECT unnest(string_split($ids, chr(10))))
