-- a backup that found the worker queue full leaves no record behind
WITH removed AS (DELETE FROM backup WHERE id = :#${exchangeProperty.job.backupId} AND status = 'pending' RETURNING task_id)
DELETE FROM task WHERE id IN (SELECT task_id FROM removed)
