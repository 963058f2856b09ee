-- a task's state for a client that starts following it; given an organization, only that organization's
SELECT status, progress, message, step FROM task
WHERE id = :#id AND (CAST(:#organization_id AS varchar) IS NULL OR organization_id = :#organization_id)
