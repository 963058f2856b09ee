-- a task fails at the step it had reached
UPDATE task SET status = 'failed', message = :#message, completed_at = now(), updated_at = now()
WHERE id = :#id AND status NOT IN ('completed', 'failed')
RETURNING step
