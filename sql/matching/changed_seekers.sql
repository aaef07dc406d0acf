SELECT id FROM seekers WHERE ingested_at > CAST($since AS TIMESTAMPTZ)
