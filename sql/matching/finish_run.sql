UPDATE match_runs SET status = $status, finished_at = now(), seekers_total = $seekers_total,
  seekers_scored = $seekers_scored, postings_total = $postings_total, postings_active = $postings_active,
  postings_flagged = $postings_flagged, pairs_scored = $pairs_scored, recommendations = $recommendations,
  queued_seekers = $queued_seekers, pushed = $pushed, sink = $sink, error = $error
WHERE run_id = $run_id
