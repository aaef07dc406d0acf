INSERT INTO auth_events (at, event, user_name, actor, address, detail)
VALUES (now(), $event, $user_name, $actor, $address, $detail)
