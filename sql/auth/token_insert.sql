INSERT INTO api_tokens (token_id, secret_hash, user_name, label, created_at, created_by, expires_at, last_used_at, revoked_at)
VALUES ($token_id, $secret_hash, $user_name, $label, now(), $created_by, $expires_at::TIMESTAMPTZ, NULL, NULL)
