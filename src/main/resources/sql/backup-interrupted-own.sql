WITH interrupted AS (
    UPDATE backup SET status = 'failed', completed_at = now(), lease_until = NULL,
           error_message = 'Backup interrupted: the service instance running it stopped before it finished'
     WHERE status IN ('pending', 'in_progress', 'uploading') AND instance_id = :#${bean:backupLeases?method=getInstanceId}
    RETURNING task_id, error_message)
UPDATE task SET status = 'failed', message = 'Backup failed: ' || interrupted.error_message, completed_at = now(), updated_at = now()
  FROM interrupted WHERE task.id = interrupted.task_id
