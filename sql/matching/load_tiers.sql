-- A run's tier decisions from its match worker's NDJSON (writeResultFiles.ts).
INSERT INTO seeker_tiers
SELECT run_id, seeker_id, tier, points, stage_zh, stage_en, breakdown::JSON, decided_at::TIMESTAMPTZ
FROM read_json($path, format = 'newline_delimited', columns = {
  run_id: 'VARCHAR', seeker_id: 'VARCHAR', tier: 'VARCHAR', points: 'INTEGER', stage_zh: 'VARCHAR',
  stage_en: 'VARCHAR', breakdown: 'VARCHAR', decided_at: 'VARCHAR'
})
