-- a restore that found the queue full leaves no record behind, and gives its environment back
WITH removed AS (DELETE FROM restore WHERE id = :#${exchangeProperty.restore.restoreId} AND status = 'pending' RETURNING id, task_id),
freed AS (UPDATE environment SET busy_with = NULL WHERE busy_with IN (SELECT id FROM removed))
DELETE FROM task WHERE id IN (SELECT task_id FROM removed)
