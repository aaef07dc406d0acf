DELETE FROM auth_sessions WHERE user_name = $user_name OR expires_at <= now()
