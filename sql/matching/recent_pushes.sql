-- Pairs recommended inside the cooldown window: not pushed again.
SELECT DISTINCT seeker_id, posting_id FROM recommendations WHERE created_at >= CAST($since AS TIMESTAMPTZ)
