SELECT id, task_type, status, progress, message, step, started_at, completed_at, environment_id, backup_id, created_at, result
  FROM task
 WHERE id = :#${exchangeProperty.taskId}
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
