INSERT INTO access_log (read_at, user_name, role, region, method, endpoint, what, rows, outcome, address)
VALUES ($at::TIMESTAMPTZ, $user_name, $role, $region, $method, $endpoint, $what, $rows, $outcome, $address)
