-- a task completes with its message and, for a task whose outcome is figures (a rescan), a JSON result
UPDATE task SET status = 'completed', progress = 100, message = :#message, step = 'complete', completed_at = now(),
       updated_at = now(), result = CAST(:#result AS jsonb)
WHERE id = :#id AND status NOT IN ('completed', 'failed')
