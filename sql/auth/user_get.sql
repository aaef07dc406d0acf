SELECT name, role, region, disabled, password_hash, password_salt, password_params,
       strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS updated_at
FROM users
WHERE name = $name
