-- A live token and its user: revoked or expired tokens are not found.
SELECT t.token_id, t.secret_hash, t.user_name, u.role, u.region, u.disabled,
       epoch_ms(t.last_used_at) AS last_used_ms
FROM api_tokens t JOIN users u ON u.name = t.user_name
WHERE t.token_id = $token_id AND t.revoked_at IS NULL AND t.expires_at > now()
