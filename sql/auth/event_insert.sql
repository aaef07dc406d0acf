INSERT INTO auth_events (event_at, event, user_name, actor, address, detail)
VALUES (now(), $event, $user_name, $actor, $address, $detail)
