-- backups whose instance stopped renewing their lease fail as interrupted; their objects are removed next, and a
-- scheduled one whose first attempt it was is queued again (its work item says so)
WITH interrupted AS (
    UPDATE backup SET status = 'failed', completed_at = now(), lease_until = NULL,
           error_message = 'Backup interrupted: the service instance running it stopped renewing its lease'
     WHERE status IN ('pending', 'in_progress', 'uploading') AND lease_until < now()
    RETURNING id, task_id, environment_id, storage_config_id, backup_key, error_message),
failed_tasks AS (
    UPDATE task SET status = 'failed', message = interrupted.error_message, completed_at = now(), updated_at = now()
      FROM interrupted WHERE task.id = interrupted.task_id AND task.status NOT IN ('completed', 'failed')),
work AS (
    DELETE FROM work_item w USING interrupted WHERE w.id = interrupted.id
    RETURNING w.id, w.scheduled, w.attempt, w.planned_at, w.window_end)
SELECT i.id, i.environment_id, i.storage_config_id, i.backup_key, coalesce(w.scheduled, false) AS scheduled, w.attempt,
       w.planned_at, w.window_end
  FROM interrupted i LEFT JOIN work w ON w.id = i.id
