WITH interrupted AS (
    UPDATE backup SET status = 'failed', completed_at = now(), lease_until = NULL,
           error_message = 'Backup interrupted: the service instance running it stopped renewing its lease'
     WHERE status IN ('pending', 'in_progress', 'uploading') AND lease_until < now()
    RETURNING task_id, error_message)
UPDATE task SET status = 'failed', message = 'Backup failed: ' || interrupted.error_message, completed_at = now(), updated_at = now()
  FROM interrupted WHERE task.id = interrupted.task_id
