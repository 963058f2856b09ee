-- a lease older than an hour belongs to a sweep whose instance died
UPDATE retention_sweep_lease SET held_since = now()
 WHERE id = 1 AND (held_since IS NULL OR held_since < now() - interval '1 hour')
