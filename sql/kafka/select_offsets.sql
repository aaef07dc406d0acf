-- The next offset to consume per partition of one topic for one consumer group, as committed
-- together with the rows; the consumer seeks here on start and on every rebalance.
SELECT partition, next_offset
FROM kafka_offsets
WHERE group_id = $group_id AND topic = $topic;
