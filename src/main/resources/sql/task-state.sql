-- a task's state for a client that starts following it; within the caller's organization scope only
SELECT status, progress, message, step FROM task
WHERE id = :#id AND (CAST(:#every AS boolean) OR organization_id = :#organization_id)
