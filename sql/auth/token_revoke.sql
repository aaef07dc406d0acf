UPDATE api_tokens SET revoked_at = now() WHERE token_id = $token_id AND user_name = $user_name AND revoked_at IS NULL
