SELECT id, backup_id, target_environment_id, task_id, pre_restore_backup_id, status, stage, include_filestore,
       pre_restore_backup, fetched_from, correlation_id, error_message, created_at, started_at, completed_at, created_by
  FROM restore
 WHERE target_environment_id = :#${exchangeProperty.environmentId} AND kind = 'restore'
   AND organization_id = :#${exchangeProperty.environment[organization_id]}
 ORDER BY created_at DESC, id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
