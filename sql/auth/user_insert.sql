INSERT INTO users (name, role, region, disabled, password_hash, password_salt, password_params, created_at, updated_at)
VALUES ($name, $role, $region, false, $password_hash, $password_salt, $password_params, now(), now())
