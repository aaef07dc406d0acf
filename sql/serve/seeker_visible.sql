SELECT count(*) AS n FROM seekers WHERE id = $seeker_id
