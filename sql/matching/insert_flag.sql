INSERT INTO posting_flags (posting_id, posting_version, kind, matched, label_zh, label_en, run_id, detected_at)
SELECT $posting_id, version, $kind, $matched, $label_zh, $label_en, $run_id, now() FROM postings WHERE id = $posting_id
ON CONFLICT DO NOTHING
