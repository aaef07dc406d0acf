SELECT u.name, u.role, u.region, u.disabled,
       strftime(u.created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       strftime(u.updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS updated_at,
       (SELECT count(*) FROM api_tokens t WHERE t.user_name = u.name AND t.revoked_at IS NULL AND t.expires_at > now()) AS live_tokens
FROM users u
ORDER BY u.name
