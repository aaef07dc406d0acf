INSERT INTO auth_sessions (session_hash, user_name, created_at, expires_at, last_seen_at, address)
VALUES ($session_hash, $user_name, now(), $expires_at::TIMESTAMPTZ, now(), $address)
