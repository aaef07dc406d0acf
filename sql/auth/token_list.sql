SELECT token_id, label, created_by,
       strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       strftime(expires_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS expires_at,
       strftime(last_used_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS last_used_at,
       strftime(revoked_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS revoked_at
FROM api_tokens
WHERE user_name = $user_name
ORDER BY created_at
