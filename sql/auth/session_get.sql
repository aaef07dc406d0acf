-- A live session and its user: expired sessions are not found.
SELECT s.session_hash, s.user_name, u.role, u.region, u.disabled,
       strftime(s.expires_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS expires_at
FROM auth_sessions s JOIN users u ON u.name = s.user_name
WHERE s.session_hash = $session_hash AND s.expires_at > now()
