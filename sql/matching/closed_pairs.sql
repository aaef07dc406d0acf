-- Pairs the seeker already acted on: never pushed again.
SELECT DISTINCT seeker_id, posting_id FROM outcomes WHERE event IN ('applied', 'interviewed', 'hired', 'declined')
