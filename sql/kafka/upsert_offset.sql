-- Records the next offset to consume for one partition; runs in the same transaction as the
-- rows that the consumed messages produced, so both commit or neither does.
INSERT INTO kafka_offsets (group_id, topic, partition, next_offset, updated_at)
VALUES ($group_id, $topic, $partition, $next_offset, now())
ON CONFLICT (group_id, topic, partition) DO UPDATE
SET next_offset = excluded.next_offset, updated_at = excluded.updated_at;
