-- the oldest events first: in the order their status changes were committed
SELECT seq, id, type, subject, data, created_at FROM event_outbox ORDER BY seq LIMIT 100
