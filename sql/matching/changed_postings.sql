SELECT id FROM postings WHERE ingested_at > CAST($since AS TIMESTAMPTZ)
