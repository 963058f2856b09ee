-- stage: the task's step (the column of that name is the point recovery resumes from, kept to itself)
SELECT id, backup_id, target_environment_id, task_id, pre_restore_backup_id, status,
       (SELECT t.step FROM task t WHERE t.id = restore.task_id) AS stage, include_filestore,
       pre_restore_backup, fetched_from, correlation_id, error_message, created_at, started_at, completed_at, created_by,
       COALESCE((SELECT t.name FROM api_token t WHERE t.id = restore.created_by), restore.created_by) AS created_by_name
  FROM restore
 WHERE id = :#${exchangeProperty.restoreId} AND kind = 'restore'
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
