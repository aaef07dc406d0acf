-- Partial update: a NULL parameter keeps the column (region is changed only when $set_region).
UPDATE users SET
  role = coalesce($role, role),
  region = CASE WHEN $set_region THEN $region ELSE region END,
  disabled = coalesce($disabled, disabled),
  password_hash = coalesce($password_hash, password_hash),
  password_salt = coalesce($password_salt, password_salt),
  password_params = coalesce($password_params, password_params),
  updated_at = now()
WHERE name = $name
