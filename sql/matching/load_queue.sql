-- A run's caseworker queue from its match worker's NDJSON (writeResultFiles.ts).
INSERT INTO caseworker_queue
SELECT run_id, seeker_id, tier, points, office_region, reasons, reasons_en, breakdown::JSON, recommendations, status,
       created_at::TIMESTAMPTZ
FROM read_json($path, format = 'newline_delimited', columns = {
  run_id: 'VARCHAR', seeker_id: 'VARCHAR', tier: 'VARCHAR', points: 'INTEGER', office_region: 'VARCHAR',
  reasons: 'VARCHAR', reasons_en: 'VARCHAR', breakdown: 'VARCHAR', recommendations: 'INTEGER', status: 'VARCHAR',
  created_at: 'VARCHAR'
})
