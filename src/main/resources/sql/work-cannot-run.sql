-- a queued backup, restore or check whose environment, storage or backup went while it waited: failed with the
-- reason, its task with it; nothing of it had begun
WITH failed_backup AS (
    UPDATE backup SET status = 'failed', completed_at = now(), lease_until = NULL, error_message = :#${exchangeProperty.failure}
     WHERE id = :#${exchangeProperty.item.id} AND status = 'pending'
    RETURNING task_id, 'Backup' AS label
), failed_restore AS (
    UPDATE restore SET status = 'failed', completed_at = now(), lease_until = NULL, error_message = :#${exchangeProperty.failure}
     WHERE id = :#${exchangeProperty.item.id} AND status = 'pending'
    RETURNING task_id, CASE kind WHEN 'check' THEN 'Restore check' ELSE 'Restore' END AS label
), failed AS (
    SELECT * FROM failed_backup UNION ALL SELECT * FROM failed_restore
)
UPDATE task SET status = 'failed', message = failed.label || ' failed: ' || :#${exchangeProperty.failure},
       completed_at = now(), updated_at = now()
  FROM failed WHERE task.id = failed.task_id
