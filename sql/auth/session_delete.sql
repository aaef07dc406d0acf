DELETE FROM auth_sessions WHERE session_hash = $session_hash
