-- The access trail, newest first; $user_name '' = everyone, $region_prefix '' = every region.
SELECT strftime(read_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS read_at, user_name, role, region, method, endpoint, what, rows, outcome, address
FROM access_log
WHERE ($user_name = '' OR user_name = $user_name)
  AND ($region_prefix = '' OR starts_with(coalesce(region, ''), $region_prefix))
ORDER BY read_at DESC
LIMIT $limit
