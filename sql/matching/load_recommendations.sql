-- A run's recommendations from the NDJSON its match worker wrote (writeResultFiles.ts), in one
-- statement: DuckDB parses them on its own thread, not the service's main thread.
INSERT INTO recommendations
SELECT run_id, seeker_id, posting_id, rank, score, grade, tier, channel, explanation, explanation_en,
       top_factors, factors::JSON, skills_gap, policy_hints::JSON, pushed, created_at::TIMESTAMPTZ
FROM read_json($path, format = 'newline_delimited', columns = {
  run_id: 'VARCHAR', seeker_id: 'VARCHAR', posting_id: 'VARCHAR', rank: 'INTEGER', score: 'DOUBLE',
  grade: 'VARCHAR', tier: 'VARCHAR', channel: 'VARCHAR', explanation: 'VARCHAR', explanation_en: 'VARCHAR',
  top_factors: 'VARCHAR[]', factors: 'VARCHAR', skills_gap: 'VARCHAR[]', policy_hints: 'VARCHAR',
  pushed: 'BOOLEAN', created_at: 'VARCHAR'
})
